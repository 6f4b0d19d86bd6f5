import { readFileSync } from "node:fs";
import { join } from "node:path";
import semver from "semver";

const root = join(__dirname, "..");
const read = (file: string) => JSON.parse(readFileSync(join(root, file), "utf8"));

/**
 * `engines` is a promise to whoever installs: every locked package must run on the oldest Node the
 * platform declares, or `npm install` warns (EBADENGINE) and the declared range is not true.
 */
describe("the declared Node range", () => {
  it("is one every locked package supports, so a clean install gives no EBADENGINE warning", () => {
    const oldest = semver.minVersion(read("package.json").engines.node)!.version;
    const packages = read("package-lock.json").packages as Record<
      string,
      { version?: string; engines?: { node?: string } | string[] }
    >;
    const unsupported = Object.entries(packages)
      .filter(
        ([, p]) =>
          p.engines &&
          !Array.isArray(p.engines) &&
          p.engines.node &&
          !semver.satisfies(oldest, p.engines.node),
      )
      .map(
        ([path, p]) => `${path}@${p.version} wants node ${(p.engines as { node: string }).node}`,
      );
    expect(unsupported).toEqual([]);
  });
});
