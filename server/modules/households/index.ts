export { Household } from "./household.entity";
export {
  HouseholdMember,
  Sex,
  RelationToHead,
  EducationLevel,
  WorkStatus,
} from "./household-member.entity";
export {
  Area,
  Classification,
  DeprivationDimension,
  DeprivationIndicator,
  PovertyCause,
  dimensionOf,
} from "./national-standard";
export { HouseholdService } from "./household.service";
export { HOUSEHOLD_FIELD_NEEDS } from "./household-page.sql";
export { requireHouseholdWriter, householdScopeSql } from "./household-scope";
export { HouseholdAssessmentInput } from "./household-assessment.inputs";
export { HouseholdFilter } from "./household.inputs";
export {
  HouseholdResolver,
  HouseholdConnectionResolver,
  HouseholdMemberResolver,
} from "./household.resolver";
export {
  upsertFromIntake,
  createHouseholds,
  moveToWard,
  type HouseholdValues,
  type MemberValues,
  type NewHousehold,
  type IntakeChanges,
} from "./household-writes";
