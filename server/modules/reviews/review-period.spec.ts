import { reviewPeriodOf } from "./review-period";

describe("reviewPeriodOf", () => {
  it("gives a periodic review 1 September – 14 December of its year", () => {
    expect(reviewPeriodOf("2024-PERIODIC")).toEqual({
      code: "2024-PERIODIC",
      kind: "PERIODIC",
      startsOn: "2024-09-01",
      endsOn: "2024-12-14",
    });
  });

  it("gives a regular review the 15th of its month to the 14th of the next, across a year's end", () => {
    expect(reviewPeriodOf("2025-03-REGULAR")).toMatchObject({
      kind: "REGULAR",
      startsOn: "2025-03-15",
      endsOn: "2025-04-14",
    });
    expect(reviewPeriodOf("2025-12-REGULAR")).toMatchObject({
      startsOn: "2025-12-15",
      endsOn: "2026-01-14",
    });
  });

  it("ignores case", () => {
    expect(reviewPeriodOf("2024-periodic").code).toBe("2024-PERIODIC");
  });

  it.each(["2024", "2024-13-REGULAR", "1999-PERIODIC", "2024-PERIODIC-X"])("refuses %s", (code) => {
    expect(() => reviewPeriodOf(code)).toThrow(/YYYY-PERIODIC/);
  });
});
