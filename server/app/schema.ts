import { createPubSub } from "@graphql-yoga/subscription";
import { lexicographicSortSchema, printSchema, type GraphQLSchema } from "graphql";
import { buildSchema, type ClassType, type NonEmptyArray } from "type-graphql";
import { AccessLogResolver } from "../modules/access-log";
import { AgencyResolver } from "../modules/agencies";
import {
  HouseholdConnectionResolver,
  HouseholdMemberResolver,
  HouseholdResolver,
} from "../modules/households";
import { FundingResolver } from "../modules/funding";
import { AnalyticsResolver } from "../modules/analytics";
import {
  HouseholdPlanResolver,
  PlanForecastResolver,
  PlanSheetResolver,
} from "../modules/household-plans";
import { TaskEventNoticeResolver, TaskSubscriptionResolver } from "../modules/notifications";
import { IntakeResolver } from "../modules/intake";
import { MonitoringReportResolver } from "../modules/monitoring";
import { TrainingResolver } from "../modules/training";
import { PlanTargetResolver } from "../modules/plan-targets";
import { RateLimitResolver } from "../modules/rate-limits";
import {
  ClassificationIssueConnectionResolver,
  PovertyStandardResolver,
} from "../modules/poverty-standards";
import {
  HouseholdReviewsResolver,
  HouseholdReviewResultResolver,
  PovertyStandingResolver,
  ReviewResolver,
} from "../modules/reviews";
import {
  RoutingResolver,
  RoutingRuleResolver,
  RoutingRuleVersionResolver,
} from "../modules/routing";
import { SupportMeasureResolver } from "../modules/support-measures";
import { TaskConnectionResolver, TaskResolver } from "../modules/tasks";
import { UserSettingResolver } from "../modules/user-settings";
import { AdministrativeChangeResolver } from "../modules/ward-changes";
import { WardResolver } from "../modules/wards";
import { assertEveryOperationHasAccessRule } from "../shared/auth";
import { readPlainFieldsAsProperties } from "./plain-fields";
import type { Services } from "./services";

/** Each resolver class with how to make it from the services: plain constructors, no DI framework. */
const resolvers: [ClassType, (s: Services) => object][] = [
  [WardResolver, (s) => new WardResolver(s.wards)],
  [UserSettingResolver, (s) => new UserSettingResolver(s.userSettings)],
  [AgencyResolver, (s) => new AgencyResolver(s.agencies)],
  [SupportMeasureResolver, (s) => new SupportMeasureResolver(s.supportMeasures)],
  [PlanTargetResolver, (s) => new PlanTargetResolver(s.planTargets)],
  [HouseholdResolver, (s) => new HouseholdResolver(s.households)],
  [HouseholdConnectionResolver, (s) => new HouseholdConnectionResolver(s.households)],
  [HouseholdMemberResolver, () => new HouseholdMemberResolver()],
  [TaskResolver, (s) => new TaskResolver(s.tasks)],
  [TaskConnectionResolver, (s) => new TaskConnectionResolver(s.tasks)],
  [RoutingRuleResolver, (s) => new RoutingRuleResolver(s.routingRules)],
  [RoutingRuleVersionResolver, () => new RoutingRuleVersionResolver()],
  [RoutingResolver, (s) => new RoutingResolver(s.routing)],
  [TaskSubscriptionResolver, () => new TaskSubscriptionResolver()],
  [TaskEventNoticeResolver, () => new TaskEventNoticeResolver()],
  [AccessLogResolver, (s) => new AccessLogResolver(s.accessLog)],
  [AnalyticsResolver, (s) => new AnalyticsResolver(s.stats, s.planProgress)],
  [PovertyStandardResolver, (s) => new PovertyStandardResolver(s.povertyStandards)],
  [
    ClassificationIssueConnectionResolver,
    (s) => new ClassificationIssueConnectionResolver(s.households),
  ],
  [AdministrativeChangeResolver, (s) => new AdministrativeChangeResolver(s.administrativeChanges)],
  [FundingResolver, (s) => new FundingResolver(s.funding)],
  [TrainingResolver, (s) => new TrainingResolver(s.training)],
  [MonitoringReportResolver, (s) => new MonitoringReportResolver(s.monitoringReports)],
  [IntakeResolver, (s) => new IntakeResolver(s.intake)],
  [ReviewResolver, (s) => new ReviewResolver(s.reviews, s.povertyRates)],
  [PovertyStandingResolver, () => new PovertyStandingResolver()],
  [HouseholdReviewResultResolver, () => new HouseholdReviewResultResolver()],
  [HouseholdReviewsResolver, () => new HouseholdReviewsResolver()],
  [RateLimitResolver, () => new RateLimitResolver()],
  [HouseholdPlanResolver, (s) => new HouseholdPlanResolver(s.householdPlans)],
  [PlanForecastResolver, (s) => new PlanForecastResolver(s.planForecasts)],
  [PlanSheetResolver, (s) => new PlanSheetResolver(s.planSheets)],
];

/**
 * Builds the executable schema. Without services it still has the full shape (for emitting the
 * SDL) but any resolver call fails.
 */
export async function buildPlatformSchema(services?: Services): Promise<GraphQLSchema> {
  const instances = new Map(services ? resolvers.map(([cls, make]) => [cls, make(services)]) : []);
  const schema = await buildSchema({
    resolvers: resolvers.map(([cls]) => cls) as NonEmptyArray<ClassType>,
    container: {
      get: (resolverClass: ClassType) => {
        const instance = instances.get(resolverClass);
        if (!instance) throw new Error(`no instance wired for resolver ${resolverClass.name}`);
        return instance;
      },
    },
    validate: false,
    // Every subscription here brings its own `subscribe` (the database-backed task event feed), but
    // type-graphql refuses to build subscriptions without a PubSub; this one stays unused.
    pubSub: createPubSub(),
  });
  assertEveryOperationHasAccessRule(schema);
  readPlainFieldsAsProperties(schema);
  return schema;
}

/**
 * The SDL committed as schema/schema.graphql: types and fields in name order, because decorators
 * register them in the order modules happen to load, which a change of imports alone would reshuffle.
 */
export function printPlatformSchema(schema: GraphQLSchema): string {
  return `${printSchema(lexicographicSortSchema(schema))}\n`;
}
