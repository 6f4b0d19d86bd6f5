import type { DataSource } from "typeorm";
import type { Database } from "../db/data-source";
import { AccessLogService } from "../modules/access-log";
import { AgencyService } from "../modules/agencies";
import {
  HouseholdProfileCountService,
  PlanProgressService,
  StatsService,
} from "../modules/analytics";
import { OverdueEscalationService } from "../modules/deadlines";
import { FundingService, settleAllocations } from "../modules/funding";
import {
  HouseholdPlanService,
  PlanForecastService,
  PlanSheetService,
} from "../modules/household-plans";
import { HouseholdService } from "../modules/households";
import { MonitoringReportService } from "../modules/monitoring";
import { TrainingService } from "../modules/training";
import { HouseholdIntakeService } from "../modules/intake";
import { TaskEventFeed, TaskSubscriptions, type FeedObserver } from "../modules/notifications";
import { PlanTargetService } from "../modules/plan-targets";
import { PovertyStandardService } from "../modules/poverty-standards";
import { PovertyRatesService, ReviewService } from "../modules/reviews";
import { RoutingRuleService, RoutingService } from "../modules/routing";
import { SupportMeasureService } from "../modules/support-measures";
import { TaskHooks, TaskService } from "../modules/tasks";
import { UserSettingService } from "../modules/user-settings";
import { AdministrativeChangeService } from "../modules/ward-changes";
import { WardService } from "../modules/wards";

/** One instance of each domain service, shared by all requests of a server. */
export function createServices(
  database: Pick<Database, "dataSource" | "listen">,
  feedObserver?: FeedObserver,
) {
  const db: DataSource = database.dataSource;
  const households = new HouseholdService(db);
  const routingRules = new RoutingRuleService(db);
  const taskEventFeed = new TaskEventFeed(db, database.listen, feedObserver);
  const planTargets = new PlanTargetService(db);
  const wards = new WardService(db);
  const reviews = new ReviewService(db);
  const povertyRates = new PovertyRatesService(db);
  const training = new TrainingService(db);
  const routing = new RoutingService(db, routingRules, households);
  const funding = new FundingService(db);
  const householdPlans = new HouseholdPlanService(db, households, routing, funding);
  // Other modules' reactions to task changes, registered here so that tasks/ imports none of them:
  // a task's money is spent or released as it ends, and its household's plan re-evaluated.
  const taskHooks = new TaskHooks()
    .onStatusChange(async (tx, _actor, tasks) => {
      for (const task of tasks) await settleAllocations(tx, task.id, task.status);
    })
    .onChange(householdPlans.taskChanged);
  return {
    wards,
    administrativeChanges: new AdministrativeChangeService(db, wards),
    agencies: new AgencyService(db),
    supportMeasures: new SupportMeasureService(db),
    planTargets,
    reviews,
    povertyRates,
    povertyStandards: new PovertyStandardService(db, households),
    households,
    routingRules,
    routing,
    intake: new HouseholdIntakeService(db, wards, reviews, routing),
    tasks: new TaskService(db, taskHooks),
    overdueEscalation: new OverdueEscalationService(db, taskHooks),
    funding,
    householdPlans,
    planForecasts: new PlanForecastService(db, planTargets),
    planSheets: new PlanSheetService(db, householdPlans, wards),
    training,
    monitoringReports: new MonitoringReportService(db, povertyRates, training),
    taskEventFeed,
    taskSubscriptions: new TaskSubscriptions(db, taskEventFeed),
    accessLog: new AccessLogService(db),
    stats: new StatsService(db),
    householdProfileCounts: new HouseholdProfileCountService(db),
    planProgress: new PlanProgressService(db, planTargets, povertyRates, training),
    userSettings: new UserSettingService(db),
  };
}

export type Services = ReturnType<typeof createServices>;
