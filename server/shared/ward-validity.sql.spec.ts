import { wardValidOnSql } from "./ward-validity.sql";

describe("wardValidOnSql", () => {
  it("qualifies the columns with the alias and compares both ends with the day", () => {
    expect(wardValidOnSql("w", "CAST($1 AS date)")).toBe(
      "(w.valid_from IS NULL OR w.valid_from <= CAST($1 AS date)) AND (w.valid_until IS NULL OR w.valid_until > CAST($1 AS date))",
    );
  });
  it("leaves the columns unqualified without an alias", () => {
    expect(wardValidOnSql(null, "current_date")).toBe(
      "(valid_from IS NULL OR valid_from <= current_date) AND (valid_until IS NULL OR valid_until > current_date)",
    );
  });
});
