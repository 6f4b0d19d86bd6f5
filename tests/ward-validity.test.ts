import { join } from "node:path";
import { sourcesUnder, withoutComments } from "./harness/table-writes";

/**
 * "A ward is valid on a day" has one spelling, `wardValidOnSql` (server/shared/ward-validity.sql.ts),
 * beside SQL function `ward_on()`: a second spelling would drift from it.
 */

// Both ends of the validity within one condition (the bound may hold brackets: `make_date($1, 12, 31)`).
const SPELLING =
  /valid_from\s+IS\s+NULL\s+OR[\s\S]{0,160}?\bAND\s*\(\s*(?:\w+\.)?valid_until\s+IS\s+NULL\s+OR/;

describe("the ward-validity rule", () => {
  it("is spelled out only in shared/ward-validity.sql.ts", () => {
    const spelled = sourcesUnder(join(__dirname, ".."), ["server", "scripts"])
      .filter(
        ({ file, text }) =>
          file !== "server/shared/ward-validity.sql.ts" && SPELLING.test(withoutComments(text)),
      )
      .map(({ file }) => file);
    expect(spelled).toEqual([]);
  });

  it("recognises a re-spelling over several lines, with or without an alias", () => {
    expect(
      SPELLING.test(
        "WHERE (w.valid_from IS NULL OR w.valid_from <= $1)\n  AND (w.valid_until IS NULL OR w.valid_until > $1)",
      ),
    ).toBe(true);
    expect(
      SPELLING.test(
        "(valid_from IS NULL OR valid_from <= current_date) AND (valid_until IS NULL OR valid_until > current_date)",
      ),
    ).toBe(true);
    expect(
      SPELLING.test(
        "(w.valid_from IS NULL OR w.valid_from <= make_date($1, 12, 31)) AND (w.valid_until IS NULL OR w.valid_until > make_date($1, 12, 31))",
      ),
    ).toBe(true);
    // A ward not ended by a day is another question (ward-changes asks it).
    expect(SPELLING.test("(w.valid_until IS NULL OR w.valid_until > :effectiveOn)")).toBe(false);
  });
});
