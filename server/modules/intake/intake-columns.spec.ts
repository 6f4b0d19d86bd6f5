import { INTAKE_COLUMNS } from "./intake-columns";

describe("the birth year column", () => {
  const parse = INTAKE_COLUMNS.birthYear.parse;

  it("takes a year, or a date of birth dd/mm/yyyy or yyyy-mm-dd", () => {
    expect(parse(1975)).toEqual({ value: 1975 });
    expect(parse("1975")).toEqual({ value: 1975 });
    expect(parse("15/03/1975")).toEqual({ value: 1975 });
    expect(parse("5/3/1975")).toEqual({ value: 1975 });
    expect(parse("1975-03-15")).toEqual({ value: 1975 });
  });

  it("refuses dates that do not exist and years out of range", () => {
    for (const bad of ["30/02/1975", "1975-13-01", "15/03/1850", "năm ngoái", "03/15/1975"])
      expect(parse(bad)).toEqual({
        error: expect.objectContaining({ key: "intake.issue.birthYear" }),
      });
  });
});
