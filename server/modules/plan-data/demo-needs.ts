import { Classification, DeprivationIndicator as D, PovertyCause as C } from "../households";
import type { SeededRandom } from "./seeded-random";

export interface HouseholdNeeds {
  classification: Classification;
  deprivations: D[];
  cause: C;
}

const times = <T>(value: T, n: number): T[] => Array.from({ length: n }, () => value);

/**
 * Deprivation counts of the plan (section III.5), per classification. Every health-deprived
 * household has one health indicator, every household at most one indicator of each other
 * dimension, as the plan's dimension totals (health 183 = 5 + 178, …) require.
 */
const POOR = {
  households: 44,
  health: [...times(D.NUTRITION, 1), ...times(D.HEALTH_INSURANCE, 43)],
  employment: 38,
  others: [
    ...times(D.TELECOM_SERVICES, 22),
    ...times(D.INFORMATION_ACCESS_MEANS, 7),
    ...times(D.HYGIENIC_LATRINE, 6),
    ...times(D.HOUSING_AREA, 4),
    ...times(D.HOUSING_QUALITY, 2),
    ...times(D.ADULT_EDUCATION, 2),
    ...times(D.CHILD_SCHOOL_ATTENDANCE, 1),
  ],
};
const NEAR_POOR = {
  households: 155,
  health: [...times(D.NUTRITION, 4), ...times(D.HEALTH_INSURANCE, 135)],
  others: [
    ...times(D.EMPLOYMENT, 51),
    ...times(D.TELECOM_SERVICES, 25),
    ...times(D.HOUSING_AREA, 6),
    ...times(D.ADULT_EDUCATION, 2),
    ...times(D.HYGIENIC_LATRINE, 1),
  ],
};
/** Section III.4: one main cause per household; 5 + 6 together are 37 (split here 19 / 18). */
const CAUSES = [
  ...times(C.NO_LABOUR, 40),
  ...times(C.NO_MEANS_OF_PRODUCTION, 3),
  ...times(C.NO_PRODUCTION_KNOWLEDGE, 19),
  ...times(C.NO_LABOUR_SKILLS, 18),
  ...times(C.ILLNESS_OR_ACCIDENT, 65),
  ...times(C.OTHER, 54),
];

/**
 * The needs of the plan's 199 households: 44 poor, 155 near-poor, reproducing every count of the
 * plan's cause and deprivation tables. The plan's poor households have 126 deprivations in all,
 * too few for 44 households with three each: the allocation gives 38 of them three and 6 only two
 * (the fewest possible), and every near-poor household one or two.
 */
export function allocatePlanNeeds(random: SeededRandom): HouseholdNeeds[] {
  const poor = Array.from({ length: POOR.households }, (): D[] => []);
  random.shuffled(poor).forEach((deps, role) => {
    deps.push(POOR.health[role]);
    if (role < POOR.employment) deps.push(D.EMPLOYMENT);
    deps.push(POOR.others[role]);
  });

  const nearPoor = Array.from({ length: NEAR_POOR.households }, (): D[] => []);
  const withoutHealth = NEAR_POOR.households - NEAR_POOR.health.length;
  random.shuffled(nearPoor).forEach((deps, role) => {
    if (role >= withoutHealth) deps.push(NEAR_POOR.health[role - withoutHealth]);
    if (role < NEAR_POOR.others.length) deps.push(NEAR_POOR.others[role]);
  });

  const households = [
    ...poor.map((deprivations) => ({ classification: Classification.POOR, deprivations })),
    ...nearPoor.map((deprivations) => ({ classification: Classification.NEAR_POOR, deprivations })),
  ];
  // A household without labour cannot have a working-age member out of work: give cause 3 only to
  // households without the employment deprivation.
  const noLabourCount = CAUSES.filter((c) => c === C.NO_LABOUR).length;
  const eligibleForNoLabour = random.shuffled(households.filter((h) => !h.deprivations.includes(D.EMPLOYMENT)));
  const noLabour = new Set(eligibleForNoLabour.slice(0, noLabourCount));
  const otherCauses = random.shuffled(CAUSES.filter((c) => c !== C.NO_LABOUR));
  return households.map((h) => ({
    ...h,
    deprivations: Object.values(D).filter((d) => h.deprivations.includes(d)),
    cause: noLabour.has(h) ? C.NO_LABOUR : otherCauses.pop()!,
  }));
}
