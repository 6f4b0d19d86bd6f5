import { Classification } from "../households";

/** A row of the household_classification_check view, as the reason is told from it. */
export interface ClassificationCheck {
  classification: Classification;
  expectedClassification: Classification | null;
  standardCode: string;
  checkedOn: string;
  deprivationCount: number;
  minDeprivationsForPoor: number | null;
  incomeBasis: "SCORE" | "INCOME" | null;
  incomeValue: number | null;
  incomeThreshold: number | null;
  area: string;
}

const vnd = (amount: number) => `${amount.toLocaleString("en-US")} VND`;

/** Why a recorded classification disagrees with the standard, in the words a reviewer would use. */
export function disagreementReason(c: ClassificationCheck): string {
  const min = c.minDeprivationsForPoor!;
  const area = c.area === "RURAL" ? "rural" : "urban";
  const deprived = `${c.deprivationCount} of the 12 indicators deprived`;
  const income =
    c.incomeBasis === "SCORE"
      ? `income score A ${c.incomeValue} against the ${area} threshold of ${c.incomeThreshold} points`
      : `income ${vnd(c.incomeValue ?? 0)} per person a month against the ${area} threshold of ${vnd(c.incomeThreshold ?? 0)}`;
  if (c.expectedClassification === Classification.NOT_POOR)
    return `recorded ${c.classification} but ${income} of standard ${c.standardCode} is above it: NOT_POOR`;
  if (c.classification === Classification.NOT_POOR) {
    return `recorded NOT_POOR but ${income} of standard ${c.standardCode} is at or below it, and with ${deprived} the household is ${c.expectedClassification}`;
  }
  const unknownIncome =
    c.incomeBasis === null ? " (income not recorded: only the deprivations were checked)" : "";
  if (c.classification === Classification.POOR) {
    return `recorded POOR with ${deprived}; standard ${c.standardCode} needs at least ${min} for POOR, so the household is NEAR_POOR${unknownIncome}`;
  }
  return `recorded ${c.classification} with ${deprived}; under standard ${c.standardCode} a household under the income threshold with ${min} or more is POOR${unknownIncome}`;
}
