import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { TYPE, parse, type MessageFormatElement } from "@formatjs/icu-messageformat-parser";
import { APP_CATALOGUES, say } from "../../../client-sdk/src/apps/messages";
import webAppEn from "../../app/web-app/messages.en.json";
import webAppVi from "../../app/web-app/messages.vi.json";
import { PlanStatus } from "../../modules/household-plans/household-plan.entity";
import { Classification } from "../../modules/households/national-standard";
import { TaskStatus } from "../../modules/tasks/task-assignment.entity";
import { Role } from "../auth";
import { CATALOGUES, LANGUAGES, resolveLanguage, translate, type Language } from ".";
import { TERM_PLACEHOLDERS, type TermKind } from "./terms";

/**
 * Every placeholder name of a message, nested ones included. Kinds may differ: Vietnamese has no
 * plural forms, so `{count, plural, …}` in English is `{count, number}` there.
 */
function placeholders(elements: MessageFormatElement[], found = new Set<string>()): Set<string> {
  for (const e of elements) {
    if (e.type === TYPE.literal || e.type === TYPE.pound) continue;
    found.add(e.value);
    if (e.type === TYPE.plural || e.type === TYPE.select)
      for (const option of Object.values(e.options)) placeholders(option.value, found);
    if (e.type === TYPE.tag) placeholders(e.children, found);
  }
  return found;
}

/**
 * Every catalogue a person's messages come from: the server's, the web app's (beside its code) and
 * the command-line apps' (in the SDK, which is packed on its own and cannot read the server's files).
 */
const EVERY_CATALOGUE: [string, Record<Language, Readonly<Record<string, string>>>][] = [
  ["the server's catalogue", CATALOGUES],
  ["the web app's catalogue", { vi: webAppVi, en: webAppEn }],
  ["the command-line apps' catalogue", APP_CATALOGUES],
];

describe.each(EVERY_CATALOGUE)("%s", (_, catalogue) => {
  const keys = [
    ...new Set(LANGUAGES.flatMap((language) => Object.keys(catalogue[language]))),
  ].sort();

  it("has every key in Vietnamese and in English", () => {
    expect(keys.length).toBeGreaterThan(0);
    for (const language of LANGUAGES)
      expect(keys.filter((key) => !(key in catalogue[language]))).toEqual([]);
  });

  it("gives each key the same placeholders in both languages, as valid ICU MessageFormat", () => {
    const differing = keys.filter((key) => {
      const [vi, en] = LANGUAGES.map((language) =>
        [...placeholders(parse(catalogue[language][key], { ignoreTag: true }))].sort().join(","),
      );
      return vi !== en;
    });
    expect(differing).toEqual([]);
  });
});

const WEB_APP: Record<Language, Readonly<Record<string, string>>> = { vi: webAppVi, en: webAppEn };

/** The catalogue's labels whose key, once `prefix` is taken off, matches `keys` (`status.ROUTED` → its label). */
const labels = (catalogue: Readonly<Record<string, string>>, prefix: string, keys: RegExp) =>
  Object.fromEntries(
    Object.entries(catalogue)
      .map(([key, label]) => [key.startsWith(prefix) ? key.slice(prefix.length) : "", label])
      .filter(([key]) => keys.test(key)),
  );

describe("the command-line apps' catalogue", () => {
  it("shares no key with the server's, whose `cli.import.*` words the import command", () => {
    expect(Object.keys(APP_CATALOGUES.en).filter((key) => key in CATALOGUES.en)).toEqual([]);
  });

  // The SDK cannot read the web app's files (it is packed alone), so it holds a copy of the wording:
  // this keeps the copy the same, so a status reads alike in the browser and in the terminal.
  it.each(LANGUAGES)(
    "words every task status and event kind as the web app does, in %s",
    (language) => {
      // The command-line apps' keys are the web app's under `cli.`.
      const webApp = labels(WEB_APP[language], "", /^(status|event)\./);
      expect(Object.keys(webApp).length).toBeGreaterThanOrEqual(7 + 14);
      expect(labels(APP_CATALOGUES[language], "cli.", /^(status|event)\./)).toEqual(webApp);
    },
  );

  it("counts tasks the way each language writes them", () => {
    expect(say("en", "cli.agency.total", { count: 1 })).toBe("1 task");
    expect(say("en", "cli.agency.total", { count: 1234 })).toBe("1,234 tasks");
    expect(say("vi", "cli.agency.total", { count: 1234 })).toBe("1.234 nhiệm vụ");
  });
});

describe("API values in the server's messages", () => {
  const values: Record<TermKind, string[]> = {
    status: Object.values(TaskStatus),
    planStatus: Object.values(PlanStatus),
    class: Object.values(Classification),
    role: Object.values(Role),
  };

  // Refusals name a task's status, a household's classification or a role as the screens do.
  it.each(LANGUAGES)("are worded as the web app words them, in %s", (language) => {
    const keys = /^(status|class|role)\./;
    const webApp = labels(WEB_APP[language], "", keys);
    expect(Object.keys(webApp)).toHaveLength(
      values.status.length + values.class.length + values.role.length,
    );
    expect(labels(CATALOGUES[language], "", keys)).toEqual(webApp);
  });

  it("have words for every value, in both languages, under placeholders their messages hold", () => {
    for (const language of LANGUAGES) {
      for (const [kind, all] of Object.entries(values))
        expect(all.filter((value) => !(`${kind}.${value}` in CATALOGUES[language]))).toEqual([]);
      for (const [key, terms] of Object.entries(TERM_PLACEHOLDERS)) {
        const held = placeholders(parse(CATALOGUES[language][key], { ignoreTag: true }));
        expect(Object.keys(terms).filter((name) => !held.has(name))).toEqual([]);
      }
    }
  });

  it("read in the reader's words, a list of them as alternatives", () => {
    const refusal = { action: "ACCEPT", status: "ACCEPTED", allowed: "ROUTED" };
    expect(translate("vi", "error.task.illegalTransition", refusal)).toBe(
      "không thể nhận nhiệm vụ đang ở trạng thái Đã nhận; chỉ được khi nhiệm vụ ở trạng thái Mới giao",
    );
    expect(translate("en", "error.task.illegalTransition", refusal)).toBe(
      "cannot accept a task that is Accepted; allowed from Routed",
    );
    const cancel = { action: "CANCEL", status: "COMPLETED", allowed: "ROUTED, DECLINED" };
    expect(translate("vi", "error.task.illegalTransition", cancel)).toMatch(
      /trạng thái Hoàn thành; .* trạng thái Mới giao hoặc Từ chối$/,
    );
    expect(translate("en", "error.task.illegalTransition", cancel)).toMatch(
      /is Completed; allowed from Routed or Declined$/,
    );
    expect(translate("vi", "error.task.closed", { status: "REASSIGNED" })).toBe(
      "không thể sửa nhiệm vụ đang ở trạng thái Đã chuyển cơ quan",
    );
    expect(translate("vi", "error.funding.closedTask", { status: "CANCELLED" })).toMatch(
      /^nhiệm vụ đang ở trạng thái Đã hủy;/,
    );
    expect(translate("vi", "error.plan.needsTargetYear", { status: "EXPECTED" })).toMatch(
      /^hộ có trạng thái Dự kiến thoát nghèo cần/,
    );
    expect(translate("en", "error.plan.needsTargetYear", { status: "REGISTERED" })).toBe(
      "a household marked Registered to escape needs a targetYear",
    );
    const notPoor = { householdCode: "QN-21550-0001", classification: "NOT_POOR", year: 2024 };
    expect(translate("vi", "error.plan.notPoor", notPoor)).toMatch(
      /có phân loại Không nghèo trong/,
    );
    expect(translate("en", "error.plan.notPoor", notPoor)).toMatch(/is Not poor in the reviews/);
    expect(translate("vi", "error.forbidden.upload", { role: "AGENCY_STAFF" })).toBe(
      "vai trò Cán bộ cơ quan không được tải tệp lên",
    );
  });

  it("refuses a value it has no words for rather than showing it", () => {
    expect(() => translate("vi", "error.task.closed", { status: "ARCHIVED" })).toThrow(
      /no vi words for the status ARCHIVED/,
    );
  });
});

describe("translate, with the server's catalogue", () => {
  it("formats plurals and numbers the way each language writes them", () => {
    expect(translate("en", "intake.report.problems", { count: 1 })).toMatch(
      /^1 problem in the file/,
    );
    expect(translate("en", "intake.report.problems", { count: 3 })).toMatch(
      /^3 problems in the file/,
    );
    expect(translate("vi", "intake.report.problems", { count: 3 })).toMatch(/^tệp có 3 lỗi/);
    expect(
      translate("vi", "error.funding.insufficient", {
        remaining: 1_500_000,
        year: 2024,
        code: "NSTW",
      }),
    ).toContain("1.500.000 đồng");
    expect(
      translate("en", "error.funding.insufficient", {
        remaining: 1_500_000,
        year: 2024,
        code: "NSTW",
      }),
    ).toContain("1,500,000 VND");
  });

  it("holds every key the server's code names", () => {
    const server = path.resolve(__dirname, "../..");
    const sources = (readdirSync(server, { recursive: true }) as string[]).filter(
      (f) => f.endsWith(".ts") && !f.endsWith(".spec.ts"),
    );
    const named = sources.flatMap((f) =>
      [
        ...readFileSync(path.join(server, f), "utf8").matchAll(
          /"((?:error|intake|plan|template|cli)\.[A-Za-z]+\.[A-Za-z.]+)"/g,
        ),
      ].map((m) => m[1]),
    );
    expect(named.length).toBeGreaterThan(100);
    expect([...new Set(named)].filter((key) => !(key in CATALOGUES.en))).toEqual([]);
  });

  it("refuses a key it does not hold rather than showing the key", () => {
    expect(() => translate("vi", "error.no-such-key")).toThrow(
      /no vi message has the key error\.no-such-key/,
    );
  });
});

describe("resolveLanguage", () => {
  it("puts the user's own setting first, then Accept-Language by preference, then the fallback", () => {
    expect(resolveLanguage("vi-VN,vi;q=0.9", "en")).toBe("en");
    expect(resolveLanguage("fr-FR, en;q=0.5, vi;q=0.8")).toBe("vi");
    expect(resolveLanguage("en-GB,vi;q=0.2")).toBe("en");
    expect(resolveLanguage("vi;q=0, en;q=0.1")).toBe("en");
    expect(resolveLanguage("fr, de")).toBe("en");
    expect(resolveLanguage(undefined, null, "vi")).toBe("vi");
    expect(resolveLanguage("", "xx")).toBe("en");
  });
});
