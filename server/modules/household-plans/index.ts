export {
  HouseholdPlan,
  PlanStatus,
  NotExpectedReason,
  PlanRiskReason,
} from "./household-plan.entity";
export { HouseholdPlanEvent } from "./household-plan-event.entity";
export { HouseholdPlanService } from "./household-plan.service";
export { PlanForecastService } from "./plan-forecast.service";
export { HouseholdPlanResolver } from "./household-plan.resolver";
export { PlanForecastResolver } from "./plan-forecast.resolver";
export { loadDemoHouseholdPlans } from "./demo-plans";
export { PlanSheetService } from "./plan-sheet.service";
export { PlanSheetResolver } from "./plan-sheet.resolver";
