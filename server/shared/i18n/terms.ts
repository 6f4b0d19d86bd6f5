/**
 * Kinds of API value a message may name inside a sentence, each worded by the catalogue's
 * `<kind>.<VALUE>` keys: `status.ACCEPTED` → "Đã nhận". `status` (a task's) and `class` (a
 * household's classification) are the web app's own keys and words, so a status reads alike on a
 * screen and in a refusal (catalogue.spec.ts keeps them equal), as is `role` (a user's);
 * `planStatus` is a household plan's, worded as the plan sheet's status column.
 */
export type TermKind = "status" | "planStatus" | "class" | "role";

/**
 * The placeholders, by message key, that hold API values. `messageParams` keeps the raw values
 * (ACCEPTED), which API clients act on; translate() words them in the reader's language. The
 * wording is a function of key and parameters alone because `localized` (app/format-error.ts) words
 * an error again from its `extensions`, which hold nothing else.
 *
 * A placeholder may hold several values joined by ", " ("ROUTED, ACCEPTED"), as
 * `messageParams` has always carried them: they read as alternatives, "Mới giao hoặc Đã nhận".
 */
export const TERM_PLACEHOLDERS: Readonly<Record<string, Readonly<Record<string, TermKind>>>> = {
  "error.task.illegalTransition": { status: "status", allowed: "status" },
  "error.task.closed": { status: "status" },
  "error.funding.closedTask": { status: "status" },
  "error.plan.needsTargetYear": { status: "planStatus" },
  "error.plan.notPoor": { classification: "class" },
  "error.forbidden.field": { role: "role" },
  "error.forbidden.operation": { role: "role" },
  "error.forbidden.untrustedDocument": { role: "role" },
  "error.forbidden.upload": { role: "role" },
};
