import { Classification, DeprivationIndicator, PovertyCause } from "../households";
import { TargetMetric, TargetUnit } from "../plan-targets";
import { wardsKeptAtZero, wardsToClearIn2024 } from "./wards.data";

export interface TargetSeed {
  code: string;
  metric: TargetMetric;
  year?: number;
  wardCode?: string;
  measureCode?: string;
  deprivation?: DeprivationIndicator;
  povertyCauses?: PovertyCause[];
  classification?: Classification;
  value: number;
  unit: TargetUnit;
  planSection: string;
  note?: string;
}

const { POOR, NEAR_POOR } = Classification;
const KNOWLEDGE_OR_SKILLS = [PovertyCause.NO_PRODUCTION_KNOWLEDGE, PovertyCause.NO_LABOUR_SKILLS];
const ILLNESS = [PovertyCause.ILLNESS_OR_ACCIDENT];

/** The workers and households section III.4 counts: those poor for want of knowledge or skills, or through illness. */
const BY_CAUSE = [...KNOWLEDGE_OR_SKILLS, ...ILLNESS];

/**
 * A measure target per cause group (section III.4): the total and each group's share. The total
 * names both groups' causes too, so that it counts the tasks of those households only.
 */
function byCause(
  measureCode: string,
  unit: TargetUnit,
  section: string,
  total: number,
  knowledgeOrSkills: number,
  illness: number,
): TargetSeed[] {
  const base = {
    metric: TargetMetric.MEASURE_BENEFICIARIES,
    measureCode,
    unit,
    planSection: section,
  };
  return [
    { ...base, code: `PLAN.${measureCode}.BY_CAUSE`, povertyCauses: BY_CAUSE, value: total },
    {
      ...base,
      code: `PLAN.${measureCode}.CAUSE_5_6`,
      povertyCauses: KNOWLEDGE_OR_SKILLS,
      value: knowledgeOrSkills,
    },
    { ...base, code: `PLAN.${measureCode}.CAUSE_7`, povertyCauses: ILLNESS, value: illness },
  ];
}

/** A measure target for the households deprived in one indicator (section III.5): total, poor, near-poor. */
function byDeprivation(
  measureCode: string,
  deprivation: DeprivationIndicator,
  unit: TargetUnit,
  poor: number,
  nearPoor: number,
  note?: string,
): TargetSeed[] {
  const base = {
    metric: TargetMetric.MEASURE_BENEFICIARIES,
    measureCode,
    deprivation,
    unit,
    planSection: "III.5",
    note,
  };
  const code = `PLAN.${measureCode}.${deprivation}`;
  return [
    { ...base, code, value: poor + nearPoor },
    { ...base, code: `${code}.POOR`, classification: POOR, value: poor },
    { ...base, code: `${code}.NEAR_POOR`, classification: NEAR_POOR, value: nearPoor },
  ];
}

/** A ward's 2024 target of no poor households (section II.2). */
function noPoorHouseholdsIn2024(wardCode: string, note: string): TargetSeed {
  return {
    code: `2024.POOR_HOUSEHOLDS.WARD_${wardCode}`,
    metric: TargetMetric.POOR_HOUSEHOLDS,
    year: 2024,
    wardCode,
    value: 0,
    unit: TargetUnit.HOUSEHOLDS,
    planSection: "II.2",
    note,
  };
}

const { HOUSEHOLDS, WORKERS, HOUSES, PEOPLE, WARDS, PERCENT, PERCENTAGE_POINTS } = TargetUnit;

/** Every figure of plan 139/KH-UBND that is a target, with contradictions kept side by side. */
export const targetSeeds: TargetSeed[] = [
  {
    code: "2024.POOR_RATE_REDUCTION",
    metric: TargetMetric.POOR_RATE_REDUCTION,
    year: 2024,
    value: 0.06,
    unit: PERCENTAGE_POINTS,
    planSection: "II.2",
  },
  {
    code: "2024.NEAR_POOR_RATE_REDUCTION",
    metric: TargetMetric.NEAR_POOR_RATE_REDUCTION,
    year: 2024,
    value: 0.02,
    unit: PERCENTAGE_POINTS,
    planSection: "II.2",
  },
  {
    code: "2024.MULTIDIMENSIONAL_POVERTY_RATE",
    metric: TargetMetric.MULTIDIMENSIONAL_POVERTY_RATE,
    year: 2024,
    value: 0.19,
    unit: PERCENT,
    planSection: "II.2",
    note: "Poor plus near-poor households, standard 2021–2025.",
  },
  {
    code: "2024.WARDS_WITHOUT_POOR_HOUSEHOLDS.KEPT",
    metric: TargetMetric.WARDS_WITHOUT_POOR_HOUSEHOLDS,
    year: 2024,
    value: 12,
    unit: WARDS,
    planSection: "II.2",
    note: "Keep the 12 wards/communes that have no poor households at zero.",
  },
  ...wardsToClearIn2024.map((wardCode) =>
    noPoorHouseholdsIn2024(
      wardCode,
      "One of the five localities to clear of poor households in 2024.",
    ),
  ),
  ...wardsKeptAtZero.map((wardCode) =>
    noPoorHouseholdsIn2024(
      wardCode,
      "One of the 12 localities kept at zero poor households; the plan's appendix naming them is not at hand, so they are the wards without a poor household in the 2023 baseline review.",
    ),
  ),
  {
    code: "2025.POOR_HOUSEHOLDS.CITY",
    metric: TargetMetric.POOR_HOUSEHOLDS,
    year: 2025,
    value: 0,
    unit: HOUSEHOLDS,
    planSection: "II.2",
    note: "No poor households in the city in 2025.",
  },

  ...byCause("VOCATIONAL_TRAINING", WORKERS, "III.4.a", 11, 6, 5),
  {
    code: "PLAN.VOCATIONAL_TRAINING.SECTION_V1",
    metric: TargetMetric.MEASURE_BENEFICIARIES,
    measureCode: "VOCATIONAL_TRAINING",
    value: 62,
    unit: WORKERS,
    povertyCauses: BY_CAUSE,
    planSection: "V.1",
    note: "Section V.1 gives vocational training for 62 workers (26 / 36), contradicting III.4.a (11 workers) and matching III.4.b's job-referral count; both figures are kept.",
  },
  ...byCause("JOB_REFERRAL", WORKERS, "III.4.b", 62, 25, 37),
  {
    code: "PLAN.PREFERENTIAL_LOAN.CAUSE_4",
    metric: TargetMetric.MEASURE_BENEFICIARIES,
    measureCode: "PREFERENTIAL_LOAN",
    povertyCauses: [PovertyCause.NO_MEANS_OF_PRODUCTION],
    value: 1,
    unit: HOUSEHOLDS,
    planSection: "III.4.c",
    note: "A loan to buy a motorbike for passenger transport.",
  },
  ...byCause("COMMUNITY_PRODUCTION_PROJECT", HOUSEHOLDS, "III.4.d", 29, 5, 24), // section V.1 repeats the 29

  ...byDeprivation(
    "JOB_REFERRAL",
    DeprivationIndicator.EMPLOYMENT,
    WORKERS,
    38,
    51,
    "Job referral for 89 workers with LABOUR and the Employment Service Centre (also section V.1).",
  ),
  ...byDeprivation("NUTRITION_SUPPORT", DeprivationIndicator.NUTRITION, HOUSEHOLDS, 1, 4),
  ...byDeprivation(
    "HEALTH_INSURANCE_CARD",
    DeprivationIndicator.HEALTH_INSURANCE,
    HOUSEHOLDS,
    43,
    135,
  ),
  ...byDeprivation(
    "VOCATIONAL_TRAINING",
    DeprivationIndicator.ADULT_EDUCATION,
    HOUSEHOLDS,
    2,
    2,
    "Vocational training and enterprise recruitment.",
  ),
  ...byDeprivation(
    "SCHOOL_SUPPORT",
    DeprivationIndicator.CHILD_SCHOOL_ATTENDANCE,
    HOUSEHOLDS,
    1,
    0,
  ),
  ...byDeprivation(
    "HOUSING_BUILD_REPAIR",
    DeprivationIndicator.HOUSING_QUALITY,
    HOUSES,
    2,
    0,
    "Two houses under the provincial housing scheme (decision 3336/QĐ-UBND).",
  ),
  ...byDeprivation(
    "HOUSING_BUILD_REPAIR",
    DeprivationIndicator.HOUSING_AREA,
    HOUSEHOLDS,
    4,
    6,
    "Build or repair with the Fatherland Front, enterprises and donors.",
  ),
  ...byDeprivation("HYGIENIC_LATRINE", DeprivationIndicator.HYGIENIC_LATRINE, HOUSEHOLDS, 6, 1),
  ...byDeprivation("INTERNET_ACCESS", DeprivationIndicator.TELECOM_SERVICES, HOUSEHOLDS, 22, 25),
  ...byDeprivation(
    "INFORMATION_DEVICE",
    DeprivationIndicator.INFORMATION_ACCESS_MEANS,
    HOUSEHOLDS,
    7,
    0,
    "Devices from mobilised resources.",
  ),

  {
    code: "PLAN.OFFICIALS_TRAINED",
    metric: TargetMetric.OFFICIALS_TRAINED,
    value: 250,
    unit: PEOPLE,
    planSection: "III.6",
    note: "About 250 poverty-reduction officials.",
  },
  {
    code: "PLAN.VILLAGE_OFFICERS_TRAINED",
    metric: TargetMetric.VILLAGE_OFFICERS_TRAINED,
    value: 145,
    unit: PEOPLE,
    planSection: "III.6",
    note: "Over 145 of them village/neighbourhood officers (a minimum).",
  },
];
