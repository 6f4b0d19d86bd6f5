import { Classification } from "../households";
import { disagreementReason, type ClassificationCheck } from "./classification-reason";

const check = (c: Partial<ClassificationCheck>): ClassificationCheck => ({
  classification: Classification.POOR,
  expectedClassification: Classification.NEAR_POOR,
  standardCode: "2022-2025",
  checkedOn: "2024-12-14",
  deprivationCount: 2,
  minDeprivationsForPoor: 3,
  incomeBasis: "INCOME",
  incomeValue: 1_200_000,
  incomeThreshold: 1_500_000,
  area: "RURAL",
  ...c,
});

describe("disagreementReason", () => {
  it("names the deprivation count and the standard's minimum", () => {
    expect(disagreementReason(check({}))).toBe(
      "recorded POOR with 2 of the 12 indicators deprived; standard 2022-2025 needs at least 3 for POOR, so the household is NEAR_POOR",
    );
    expect(
      disagreementReason(
        check({
          classification: Classification.NEAR_POOR,
          expectedClassification: Classification.POOR,
          deprivationCount: 4,
        }),
      ),
    ).toBe(
      "recorded NEAR_POOR with 4 of the 12 indicators deprived; under standard 2022-2025 a household under the income threshold with 3 or more is POOR",
    );
  });

  it("names the income, or the score, against the area's threshold", () => {
    expect(
      disagreementReason(
        check({
          expectedClassification: Classification.NOT_POOR,
          incomeValue: 2_100_000,
          incomeThreshold: 2_000_000,
          area: "URBAN",
        }),
      ),
    ).toBe(
      "recorded POOR but income 2,100,000 VND per person a month against the urban threshold of 2,000,000 VND of standard 2022-2025 is above it: NOT_POOR",
    );
    expect(
      disagreementReason(
        check({
          classification: Classification.NOT_POOR,
          expectedClassification: Classification.POOR,
          deprivationCount: 3,
          incomeBasis: "SCORE",
          incomeValue: 120,
          incomeThreshold: 140,
        }),
      ),
    ).toBe(
      "recorded NOT_POOR but income score A 120 against the rural threshold of 140 points of standard 2022-2025 is at or below it, and with 3 of the 12 indicators deprived the household is POOR",
    );
  });

  it("says when only the deprivations could be checked", () => {
    expect(disagreementReason(check({ incomeBasis: null, expectedClassification: null }))).toMatch(
      /\(income not recorded: only the deprivations were checked\)$/,
    );
  });
});
