import type { GraphQLResolveInfo } from "graphql";
import { Arg, Ctx, FieldResolver, Info, Int, Query, Resolver, Root } from "type-graphql";
import { ALL_ROLES, Allow } from "../../shared/auth";
import { Cost } from "../../shared/cost";
import type { RequestContext } from "../../shared/request-context";
import { selects } from "../../shared/selection";
import { Agency } from "../agencies";
import { PlanTargetFilter } from "../plan-targets";
import { SupportMeasure } from "../support-measures";
import { Ward } from "../wards";
import { PlanProgress, type PlanProgressService } from "./plan-progress";
import { StatsDimension, StatsFilter } from "./stats.inputs";
import type { StatsService } from "./stats.service";
import { CountConditionInput, StatsRow } from "./stats.types";

@Resolver(() => StatsRow)
export class AnalyticsResolver {
  constructor(
    private readonly statsService: StatsService,
    private readonly progressService: PlanProgressService,
  ) {}

  @Allow(...ALL_ROLES)
  @Cost(200)
  @Query(() => [StatsRow], {
    description:
      "Counts grouped by any combination of dimensions, within your scope; `having` keeps groups by their count.",
  })
  stats(
    @Ctx() ctx: RequestContext,
    @Info() info: GraphQLResolveInfo,
    @Arg("groupBy", () => [StatsDimension]) groupBy: StatsDimension[],
    @Arg("filter", () => StatsFilter, { nullable: true }) filter?: StatsFilter,
    @Arg("having", () => CountConditionInput, { nullable: true }) having?: CountConditionInput,
  ): Promise<StatsRow[]> {
    return this.statsService.stats(
      ctx.actor,
      groupBy,
      filter,
      having,
      selects(info, ["households"]),
    );
  }

  @Allow(...ALL_ROLES)
  @Cost(300)
  @Query(() => [PlanProgress], {
    description:
      "Every plan target for the year (and the whole-plan ones) against what the platform records, with the gap.",
  })
  planProgress(
    @Ctx() ctx: RequestContext,
    @Arg("year", () => Int) year: number,
    @Arg("filter", () => PlanTargetFilter, {
      nullable: true,
      description: "Narrows the targets; its year is ignored.",
    })
    filter?: PlanTargetFilter,
  ): Promise<PlanProgress[]> {
    return this.progressService.progress(ctx.actor, year, filter ?? {});
  }

  @Cost(1)
  @FieldResolver(() => Ward, { nullable: true })
  ward(@Root() row: StatsRow, @Ctx() ctx: RequestContext): Promise<Ward | null> | null {
    return row.wardId ? ctx.loaders.ward.load(row.wardId) : null;
  }

  @Cost(1)
  @FieldResolver(() => SupportMeasure, { nullable: true })
  measure(
    @Root() row: StatsRow,
    @Ctx() ctx: RequestContext,
  ): Promise<SupportMeasure | null> | null {
    return row.measureId ? ctx.loaders.supportMeasure.load(row.measureId) : null;
  }

  @Cost(1)
  @FieldResolver(() => Agency, {
    nullable: true,
    description: "The owning agency, when grouped by AGENCY.",
  })
  agency(@Root() row: StatsRow, @Ctx() ctx: RequestContext): Promise<Agency | null> | null {
    return row.agencyId ? ctx.loaders.agency.load(row.agencyId) : null;
  }
}
