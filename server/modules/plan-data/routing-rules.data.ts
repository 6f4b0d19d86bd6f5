import { DeprivationIndicator as D, PovertyCause } from "../households";

export interface RoutingRuleSeed {
  code: string;
  deprivation?: D;
  povertyCause?: PovertyCause;
  measure: string;
  owner: string;
  supporting?: string[];
  description: string;
}

/**
 * The plan's mapping of needs to measures and agencies (sections III.4, III.5, V). Causes 5/6 and 7
 * get no rule: the plan splits those households among vocational training, job referral and
 * community projects household by household, which no rule on the cause alone can decide; their job
 * referrals come through the employment deprivation.
 */
export const routingRuleSeeds: RoutingRuleSeed[] = [
  {
    code: "DEPRIVATION.EMPLOYMENT",
    deprivation: D.EMPLOYMENT,
    measure: "JOB_REFERRAL",
    owner: "LABOUR",
    supporting: ["EMPLOYMENT_SERVICE_CENTRE"],
    description:
      "III.5, V.1: job referral for members without stable work, with the Employment Service Centre.",
  },
  {
    code: "DEPRIVATION.NUTRITION",
    deprivation: D.NUTRITION,
    measure: "NUTRITION_SUPPORT",
    owner: "HEALTH_CENTRE",
    description: "III.5, V.5: nutrition of children under 16 (Project 3, sub-project 2).",
  },
  {
    code: "DEPRIVATION.HEALTH_INSURANCE",
    deprivation: D.HEALTH_INSURANCE,
    measure: "HEALTH_INSURANCE_CARD",
    owner: "LABOUR",
    supporting: ["FINANCE_PLANNING"],
    description:
      "III.5: health-insurance cards (Health Insurance Law 2014; resolution 18/2023/NQ-HĐND).",
  },
  {
    code: "DEPRIVATION.ADULT_EDUCATION",
    deprivation: D.ADULT_EDUCATION,
    measure: "VOCATIONAL_TRAINING",
    owner: "LABOUR",
    supporting: ["EMPLOYMENT_SERVICE_CENTRE"],
    description: "III.5: vocational training and enterprise recruitment.",
  },
  {
    code: "DEPRIVATION.CHILD_SCHOOL_ATTENDANCE",
    deprivation: D.CHILD_SCHOOL_ATTENDANCE,
    measure: "SCHOOL_SUPPORT",
    owner: "OTHER_DEPARTMENTS",
    description: "III.5, V.7: support for children to stay in school (education).",
  },
  {
    code: "DEPRIVATION.HOUSING_AREA",
    deprivation: D.HOUSING_AREA,
    measure: "HOUSING_BUILD_REPAIR",
    owner: "FATHERLAND_FRONT",
    description: "III.5, V.8: build or repair with the Fatherland Front, enterprises and donors.",
  },
  {
    code: "DEPRIVATION.HOUSING_QUALITY",
    deprivation: D.HOUSING_QUALITY,
    measure: "HOUSING_BUILD_REPAIR",
    owner: "FATHERLAND_FRONT",
    supporting: ["LABOUR"],
    description: "III.5: the provincial housing scheme (decision 3336/QĐ-UBND).",
  },
  {
    code: "DEPRIVATION.DOMESTIC_WATER",
    deprivation: D.DOMESTIC_WATER,
    measure: "DOMESTIC_WATER_SUPPORT",
    owner: "FATHERLAND_FRONT",
    description: "V.8: domestic water is a priority of mobilised resources.",
  },
  {
    code: "DEPRIVATION.HYGIENIC_LATRINE",
    deprivation: D.HYGIENIC_LATRINE,
    measure: "HYGIENIC_LATRINE",
    owner: "SOCIAL_POLICY_BANK",
    supporting: ["FATHERLAND_FRONT"],
    description: "III.5: latrine loans and mobilised funds.",
  },
  {
    code: "DEPRIVATION.TELECOM_SERVICES",
    deprivation: D.TELECOM_SERVICES,
    measure: "INTERNET_ACCESS",
    owner: "CULTURE_INFORMATION",
    description: "III.5, V.6: internet access (Project 6, sub-project 1).",
  },
  {
    code: "DEPRIVATION.INFORMATION_ACCESS_MEANS",
    deprivation: D.INFORMATION_ACCESS_MEANS,
    measure: "INFORMATION_DEVICE",
    owner: "CULTURE_INFORMATION",
    supporting: ["FATHERLAND_FRONT"],
    description: "III.5: devices from mobilised resources.",
  },
  {
    code: "CAUSE.NO_MEANS_OF_PRODUCTION",
    povertyCause: PovertyCause.NO_MEANS_OF_PRODUCTION,
    measure: "PREFERENTIAL_LOAN",
    owner: "SOCIAL_POLICY_BANK",
    description: "III.4.c: preferential loan (the plan funds one motorbike loan).",
  },
];
