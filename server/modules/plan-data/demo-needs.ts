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
/**
 * Section III.4: one main cause per household (5 + 6 together are 37, split here 19 / 18). The plan's
 * job referrals by cause (25 workers for causes 5/6, 37 for cause 7) are among the 89 households
 * lacking employment; the rest of the employment-deprived have cause 4 or 8, and cause 3 (no
 * labour) never goes with a working-age member out of work.
 */
const CAUSES_OF_EMPLOYMENT_DEPRIVED = [
  ...times(C.NO_PRODUCTION_KNOWLEDGE, 13),
  ...times(C.NO_LABOUR_SKILLS, 12),
  ...times(C.ILLNESS_OR_ACCIDENT, 37),
];
const CAUSES_OF_OTHERS = [
  ...times(C.NO_LABOUR, 40),
  ...times(C.NO_PRODUCTION_KNOWLEDGE, 6),
  ...times(C.NO_LABOUR_SKILLS, 6),
  ...times(C.ILLNESS_OR_ACCIDENT, 28),
];
const CAUSES_4_AND_8 = [...times(C.NO_MEANS_OF_PRODUCTION, 3), ...times(C.OTHER, 54)];

/**
 * The needs of the plan's 199 households: 44 poor, 155 near-poor, reproducing every count of the
 * plan's cause and deprivation tables. The plan's poor households have 126 deprivations in all,
 * too few for 44 households with three each: the allocation gives 38 of them three and 6 only two
 * (the fewest possible), and every near-poor household one or two. Throws if the tables and the
 * cause split stop adding up.
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
  const lacksEmployment = (h: { deprivations: D[] }) => h.deprivations.includes(D.EMPLOYMENT);
  const fourAndEight = random.shuffled(CAUSES_4_AND_8);
  const employmentDeprivedCount = households.filter(lacksEmployment).length;
  const causeQueues = {
    employment: random.shuffled([
      ...CAUSES_OF_EMPLOYMENT_DEPRIVED,
      ...fourAndEight.splice(0, employmentDeprivedCount - CAUSES_OF_EMPLOYMENT_DEPRIVED.length),
    ]),
    others: random.shuffled([...CAUSES_OF_OTHERS, ...fourAndEight]),
  };
  const needs = households.map((h) => ({
    ...h,
    deprivations: Object.values(D).filter((d) => h.deprivations.includes(d)),
    cause: (lacksEmployment(h) ? causeQueues.employment : causeQueues.others).pop(),
  }));
  if (
    causeQueues.employment.length + causeQueues.others.length > 0 ||
    needs.some((n) => n.cause === undefined)
  ) {
    throw new Error(
      "the plan's cause table and deprivation tables no longer add up to the same households",
    );
  }
  return needs as HouseholdNeeds[];
}
