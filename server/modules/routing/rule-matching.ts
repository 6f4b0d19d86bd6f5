import { Classification, type Household } from "../households";
import type { RoutingRuleVersion } from "./routing-rule.entity";

/** What routing needs of a household. */
export type RoutableHousehold = Pick<
  Household,
  "id" | "wardId" | "area" | "classification" | "deprivations" | "povertyCauses"
>;

export interface RoutedNeed {
  householdId: string;
  rule: RoutingRuleVersion;
}

const ON_THE_LISTS = [Classification.POOR, Classification.NEAR_POOR];

/**
 * Whether an enabled rule version applies to a household. Deprivation and cause rules apply to
 * households on the poor and near-poor lists; a classification rule names its classification.
 */
export function ruleMatches(rule: RoutingRuleVersion, h: RoutableHousehold): boolean {
  if (!rule.enabled) return false;
  if (rule.wardId && rule.wardId !== h.wardId) return false;
  if (rule.area && rule.area !== h.area) return false;
  if (rule.classification) return rule.classification === h.classification;
  if (!ON_THE_LISTS.includes(h.classification)) return false;
  if (rule.deprivation) return h.deprivations.includes(rule.deprivation);
  return rule.povertyCause !== null && h.povertyCauses.includes(rule.povertyCause);
}

/**
 * The support measures a household needs under the rules, one per measure: where several rules
 * yield the same measure, the first in `rules` order decides the owner.
 */
export function needsOf(h: RoutableHousehold, rules: RoutingRuleVersion[]): RoutedNeed[] {
  const byMeasure = new Map<string, RoutedNeed>();
  for (const rule of rules) {
    if (!byMeasure.has(rule.measureId) && ruleMatches(rule, h))
      byMeasure.set(rule.measureId, { householdId: h.id, rule });
  }
  return [...byMeasure.values()];
}
