import { registerEnumType } from "type-graphql";

/** The 12 indicators of the national multidimensional poverty standard 2022–2025 (Decree 07/2021/NĐ-CP), in the decree's order. */
export enum DeprivationIndicator {
  EMPLOYMENT = "EMPLOYMENT",
  DEPENDANTS = "DEPENDANTS",
  NUTRITION = "NUTRITION",
  HEALTH_INSURANCE = "HEALTH_INSURANCE",
  ADULT_EDUCATION = "ADULT_EDUCATION",
  CHILD_SCHOOL_ATTENDANCE = "CHILD_SCHOOL_ATTENDANCE",
  HOUSING_QUALITY = "HOUSING_QUALITY",
  HOUSING_AREA = "HOUSING_AREA",
  DOMESTIC_WATER = "DOMESTIC_WATER",
  HYGIENIC_LATRINE = "HYGIENIC_LATRINE",
  TELECOM_SERVICES = "TELECOM_SERVICES",
  INFORMATION_ACCESS_MEANS = "INFORMATION_ACCESS_MEANS",
}

export enum DeprivationDimension {
  EMPLOYMENT = "EMPLOYMENT",
  HEALTH = "HEALTH",
  EDUCATION = "EDUCATION",
  HOUSING = "HOUSING",
  WATER_SANITATION = "WATER_SANITATION",
  INFORMATION = "INFORMATION",
}

export const dimensionOf: Record<DeprivationIndicator, DeprivationDimension> = {
  EMPLOYMENT: DeprivationDimension.EMPLOYMENT,
  DEPENDANTS: DeprivationDimension.EMPLOYMENT,
  NUTRITION: DeprivationDimension.HEALTH,
  HEALTH_INSURANCE: DeprivationDimension.HEALTH,
  ADULT_EDUCATION: DeprivationDimension.EDUCATION,
  CHILD_SCHOOL_ATTENDANCE: DeprivationDimension.EDUCATION,
  HOUSING_QUALITY: DeprivationDimension.HOUSING,
  HOUSING_AREA: DeprivationDimension.HOUSING,
  DOMESTIC_WATER: DeprivationDimension.WATER_SANITATION,
  HYGIENIC_LATRINE: DeprivationDimension.WATER_SANITATION,
  TELECOM_SERVICES: DeprivationDimension.INFORMATION,
  INFORMATION_ACCESS_MEANS: DeprivationDimension.INFORMATION,
};

/** The plan's poverty causes (section III.4); the value is the plan's code, 1–8. Causes 5 and 6 are distinct. */
export enum PovertyCause {
  NO_PRODUCTION_LAND = 1,
  NO_PRODUCTION_CAPITAL = 2,
  NO_LABOUR = 3,
  NO_MEANS_OF_PRODUCTION = 4,
  NO_PRODUCTION_KNOWLEDGE = 5,
  NO_LABOUR_SKILLS = 6,
  ILLNESS_OR_ACCIDENT = 7,
  OTHER = 8,
}

/** The classification a ward review recorded for a household. */
export enum Classification {
  POOR = "POOR",
  NEAR_POOR = "NEAR_POOR",
  NOT_POOR = "NOT_POOR",
}

export enum Area {
  URBAN = "URBAN",
  RURAL = "RURAL",
}

registerEnumType(DeprivationIndicator, {
  name: "DeprivationIndicator",
  description:
    "One of the 12 indicators of the national multidimensional poverty standard 2022–2025.",
});
registerEnumType(DeprivationDimension, {
  name: "DeprivationDimension",
  description: "The six dimensions the 12 indicators belong to.",
});
registerEnumType(PovertyCause, {
  name: "PovertyCause",
  description:
    "The plan's poverty causes; `code` on a household's cause gives the plan's number 1–8.",
});
registerEnumType(Classification, {
  name: "Classification",
  description: "Classification recorded by a ward review.",
});
registerEnumType(Area, {
  name: "Area",
  description: "Urban (phường) or rural (xã) income threshold area.",
});
