import { readFileSync } from "node:fs";
import { join } from "node:path";

// The app's own catalogues (server/app/web-app/messages.*.json): flat keys to ICU message strings.
const catalogue = (language: string) =>
  JSON.parse(
    readFileSync(
      join(__dirname, "..", "server", "app", "web-app", `messages.${language}.json`),
      "utf8",
    ),
  ) as Record<string, string>;

describe("the web app's messages", () => {
  const vi = catalogue("vi");
  const en = catalogue("en");

  it("has every key in both Vietnamese and English", () => {
    expect(Object.keys(en).filter((k) => !(k in vi))).toEqual([]);
    expect(Object.keys(vi).filter((k) => !(k in en))).toEqual([]);
  });

  it("has no empty message and the same placeholders in both languages", () => {
    const placeholders = (text: string) => [...text.matchAll(/\{(\w+)/g)].map((m) => m[1]).sort();
    for (const key of Object.keys(vi)) {
      expect([key, vi[key].trim().length > 0, en[key].trim().length > 0]).toEqual([
        key,
        true,
        true,
      ]);
      expect([key, placeholders(vi[key])]).toEqual([key, placeholders(en[key])]);
    }
  });

  it("has a Vietnamese text for every error code the API returns", () => {
    const source = readFileSync(join(__dirname, "..", "server", "shared", "errors.ts"), "utf8");
    const union = source.slice(source.indexOf("export type DomainErrorCode"));
    const codes = [...union.slice(0, union.indexOf(";")).matchAll(/"([A-Z_]+)"/g)].map((m) => m[1]);
    expect(codes.length).toBeGreaterThan(5);
    expect(codes.filter((code) => !vi[`error.${code}`])).toEqual([]);
  });
});
