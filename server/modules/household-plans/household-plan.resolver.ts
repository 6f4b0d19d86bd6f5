import { Cost } from "../../shared/cost";
import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from "type-graphql";
import { Allow, PERSONAL_DATA_READERS, RestrictTo, Role } from "../../shared/auth";
import { loadRequired } from "../../shared/loaders";
import { connectionTypes, toConnection, type Connection } from "../../shared/pagination";
import type { RequestContext } from "../../shared/request-context";
import { FUNDS_ALLOCATOR } from "../funding";
import { Household } from "../households";
import { TaskAssignment, maySee } from "../tasks";
import { HouseholdPlanEvent } from "./household-plan-event.entity";
import { HouseholdPlan, PlanFundingLine } from "./household-plan.entity";
import { PlanFieldsInput, PlanFundingLineInput } from "./household-plan.inputs";
import type { HouseholdPlanService } from "./household-plan.service";

export const HouseholdPlanConnection = connectionTypes(HouseholdPlan, "HouseholdPlan");
export type HouseholdPlanConnection = Connection<HouseholdPlan, unknown>;

/** Everyone who works with households; analysts get the forecast's counts instead. */
const PLAN_READERS = [Role.ADMIN, Role.AGENCY_STAFF, Role.WARD_OFFICER, Role.MONITOR];

@Resolver(() => HouseholdPlan)
export class HouseholdPlanResolver {
  constructor(private readonly plans: HouseholdPlanService) {}

  @Allow(...PLAN_READERS)
  @Cost(10)
  @Query(() => HouseholdPlan, {
    nullable: true,
    description: "A household's plan; null when it does not exist or is outside your scope.",
  })
  householdPlan(
    @Ctx() ctx: RequestContext,
    @Arg("id", () => ID) id: string,
  ): Promise<HouseholdPlan | null> {
    return this.plans.findById(ctx.actor, id);
  }

  @Allow(...PLAN_READERS)
  @Cost(10)
  @Query(() => HouseholdPlanConnection, {
    description:
      "The year's plans within your scope (a ward officer: the ward's; agency staff: those with the agency's tasks; anyone: those they mentor), oldest first; `first` is 1–100.",
  })
  async householdPlans(
    @Ctx() ctx: RequestContext,
    @Arg("year", () => Int) year: number,
    @Arg("wardCode", () => String, { nullable: true }) wardCode: string | undefined,
    @Arg("first", () => Int, { nullable: true }) first: number | undefined,
    @Arg("after", () => String, { nullable: true }) after: string | undefined,
  ): Promise<HouseholdPlanConnection> {
    return toConnection(await this.plans.page(ctx.actor, year, wardCode, first, after), null);
  }

  @Allow(...PLAN_READERS)
  @Cost(10, { assumedSize: 100 })
  @Query(() => [HouseholdPlan], {
    description: "My households: the plans that name you as a mentor (at most 100).",
  })
  myMentoredHouseholds(
    @Ctx() ctx: RequestContext,
    @Arg("year", () => Int, { nullable: true }) year?: number,
  ): Promise<HouseholdPlan[]> {
    return this.plans.mentoredBy(ctx.actor, year);
  }

  @Allow(Role.ADMIN, Role.WARD_OFFICER)
  @Cost(50)
  @Mutation(() => HouseholdPlan, {
    description:
      "Makes a poor or near-poor household's plan for a year (2024 or 2025); one per household and year.",
  })
  createHouseholdPlan(
    @Ctx() ctx: RequestContext,
    @Arg("householdId", () => ID) householdId: string,
    @Arg("year", () => Int) year: number,
    @Arg("plan", () => PlanFieldsInput) plan: PlanFieldsInput,
  ): Promise<HouseholdPlan> {
    return this.plans.create(ctx.actor, householdId, year, plan);
  }

  @Allow(Role.ADMIN, Role.WARD_OFFICER)
  @Cost(50)
  @Mutation(() => HouseholdPlan, {
    description: "Replaces the plan's fields; pass the version you saw.",
  })
  updateHouseholdPlan(
    @Ctx() ctx: RequestContext,
    @Arg("id", () => ID) id: string,
    @Arg("version", () => Int) version: number,
    @Arg("plan", () => PlanFieldsInput) plan: PlanFieldsInput,
  ): Promise<HouseholdPlan> {
    return this.plans.update(ctx.actor, id, version, plan);
  }

  @Allow(Role.ADMIN, Role.WARD_OFFICER)
  @Cost(50)
  @Mutation(() => HouseholdPlan, {
    description:
      "Adds a measure the ward chose: a task of the measure's lead agency, routed like any other (the agency is notified).",
  })
  addPlanMeasure(
    @Ctx() ctx: RequestContext,
    @Arg("id", () => ID) id: string,
    @Arg("version", () => Int) version: number,
    @Arg("measureCode") measureCode: string,
  ): Promise<HouseholdPlan> {
    return this.plans.addMeasure(ctx.actor, id, version, measureCode);
  }

  @Allow(Role.ADMIN, Role.WARD_OFFICER)
  @Cost(50)
  @Mutation(() => HouseholdPlan, {
    description:
      "Adds a funding line for one of the household's open tasks; Finance and Planning allocates it.",
  })
  addPlanFundingLine(
    @Ctx() ctx: RequestContext,
    @Arg("id", () => ID) id: string,
    @Arg("version", () => Int) version: number,
    @Arg("line", () => PlanFundingLineInput) line: PlanFundingLineInput,
  ): Promise<HouseholdPlan> {
    return this.plans.addFundingLine(ctx.actor, id, version, line);
  }

  @Allow(Role.ADMIN, Role.AGENCY_STAFF)
  @Cost(50)
  @Mutation(() => HouseholdPlan, {
    description:
      "Allocates a funding line from its source's budget of the plan's year (ADMIN or Finance and Planning; over budget is refused).",
  })
  allocatePlanFundingLine(
    @Ctx() ctx: RequestContext,
    @Arg("id", () => ID) id: string,
    @Arg("version", () => Int) version: number,
    @Arg("lineId", () => ID) lineId: string,
  ): Promise<HouseholdPlan> {
    return this.plans.allocateFundingLine(ctx.actor, id, version, lineId);
  }

  @Cost(1)
  @FieldResolver(() => Household)
  household(@Root() plan: HouseholdPlan, @Ctx() ctx: RequestContext): Promise<Household> {
    return loadRequired(ctx.loaders.household, plan.householdId, "household");
  }

  @Cost(1, { assumedSize: 8 })
  @FieldResolver(() => [TaskAssignment], {
    description:
      "The plan's measures: the household's tasks, routed or added by the ward, those within your scope (an agency sees its own).",
  })
  async tasks(@Root() plan: HouseholdPlan, @Ctx() ctx: RequestContext): Promise<TaskAssignment[]> {
    return (await ctx.loaders.planTasks.load(plan.householdId)).filter((t) =>
      maySee(ctx.viewer, t),
    );
  }

  @Cost(1, { assumedSize: 8 })
  @FieldResolver(() => [PlanFundingLine], {
    description:
      "Money the plan counts on, for the tasks within your scope (Finance and Planning, which allocates it: all).",
  })
  async fundingLines(
    @Root() plan: HouseholdPlan,
    @Ctx() ctx: RequestContext,
  ): Promise<PlanFundingLine[]> {
    if (ctx.viewer.agencyCode === FUNDS_ALLOCATOR) return plan.fundingLines;
    const visible = new Set((await this.tasks(plan, ctx)).map((t) => t.id));
    return plan.fundingLines.filter((line) => visible.has(line.taskId));
  }

  @RestrictTo(...PERSONAL_DATA_READERS)
  @Cost(1, { assumedSize: 20 })
  @FieldResolver(() => [HouseholdPlanEvent], {
    description: "Every change of the plan, oldest first.",
  })
  history(@Root() plan: HouseholdPlan, @Ctx() ctx: RequestContext): Promise<HouseholdPlanEvent[]> {
    return ctx.loaders.planHistory.load(plan.id);
  }
}
