import { PersonalDataAccess } from "../modules/access-log";
import { Agency } from "../modules/agencies";
import { HouseholdPlan, HouseholdPlanEvent } from "../modules/household-plans";
import { Household, HouseholdMember } from "../modules/households";
import { PlanTarget } from "../modules/plan-targets";
import { PovertyStandard } from "../modules/poverty-standards";
import { HouseholdReviewResult, Review } from "../modules/reviews";
import { RoutingRule, RoutingRuleVersion } from "../modules/routing";
import { SupportMeasure } from "../modules/support-measures";
import { TaskAssignment, TaskEvent } from "../modules/tasks";
import { AdministrativeChange } from "../modules/ward-changes";
import { Ward, WardHouseholdTotal } from "../modules/wards";

/** Every TypeORM entity of the platform. */
export const entities = [
  Ward,
  WardHouseholdTotal,
  Agency,
  SupportMeasure,
  Review,
  HouseholdReviewResult,
  PovertyStandard,
  Household,
  HouseholdMember,
  PlanTarget,
  RoutingRule,
  RoutingRuleVersion,
  TaskAssignment,
  TaskEvent,
  PersonalDataAccess,
  AdministrativeChange,
  HouseholdPlan,
  HouseholdPlanEvent,
];
