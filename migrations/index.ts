import { Foundation1764270000000 } from "./1764270000000-foundation";
import { RoutingAndTasks1764280000000 } from "./1764280000000-routing-and-tasks";
import { AccessControl1764290000000 } from "./1764290000000-access-control";
import { ReviewsStandardsAndWardChanges1764300000000 } from "./1764300000000-reviews-standards-and-ward-changes";
import { MonitoringFundingTraining1764310000000 } from "./1764310000000-monitoring-funding-training";
import { HouseholdProfileCounts1764320000000 } from "./1764320000000-household-profile-counts";
import { TaskHouseholdProfile1764330000000 } from "./1764330000000-task-household-profile";
import { RoutingWrites1764340000000 } from "./1764340000000-routing-writes";
import { DatabaseIdentity1764350000000 } from "./1764350000000-database-identity";
import { PlanTargetsByCauseAndKeptWards1764351000000 } from "./1764351000000-plan-targets-by-cause-and-kept-wards";
import { HouseholdPlans1764352100000 } from "./1764352100000-household-plans";
import { CostBudget1764352300000 } from "./1764352300000-cost-budget";
import { RateLeases1764352400000 } from "./1764352400000-rate-leases";
import { UserLanguage1764352500000 } from "./1764352500000-user-language";

/** Every migration, oldest first; listed explicitly so compiled and ts-jest runs load the same set. */
export const migrations = [
  Foundation1764270000000,
  RoutingAndTasks1764280000000,
  AccessControl1764290000000,
  ReviewsStandardsAndWardChanges1764300000000,
  MonitoringFundingTraining1764310000000,
  HouseholdProfileCounts1764320000000,
  TaskHouseholdProfile1764330000000,
  RoutingWrites1764340000000,
  DatabaseIdentity1764350000000,
  PlanTargetsByCauseAndKeptWards1764351000000,
  HouseholdPlans1764352100000,
  CostBudget1764352300000,
  RateLeases1764352400000,
  UserLanguage1764352500000,
];
