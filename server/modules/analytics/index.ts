export { StatsService } from "./stats.service";
export { PlanProgressService } from "./plan-progress";
export { AnalyticsResolver } from "./analytics.resolver";
export { HOUSEHOLD_COUNTS, HouseholdProfileCountService } from "./household-profile-counts";
