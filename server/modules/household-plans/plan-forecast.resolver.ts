import { Cost } from "../../shared/cost";
import { Arg, Ctx, FieldResolver, Int, Query, Resolver, Root } from "type-graphql";
import { ALL_ROLES, Allow, PERSONAL_DATA_READERS, RestrictTo } from "../../shared/auth";
import type { RequestContext } from "../../shared/request-context";
import { HouseholdPlan } from "./household-plan.entity";
import type { PlanForecastService } from "./plan-forecast.service";
import { PlanForecast } from "./plan-forecast.types";

@Resolver(() => PlanForecast)
export class PlanForecastResolver {
  constructor(private readonly forecasts: PlanForecastService) {}

  @Allow(...ALL_ROLES)
  @Cost(200)
  @Query(() => PlanForecast, {
    description:
      "Where the households' escape plans lead by the end of the year (2024 or 2025), per ward and for the city (or for one ward), against the plan's targets. Counts only.",
  })
  planForecast(
    @Ctx() ctx: RequestContext,
    @Arg("year", () => Int) year: number,
    @Arg("wardCode", () => String, { nullable: true }) wardCode?: string,
  ): Promise<PlanForecast> {
    return this.forecasts.forecast(ctx.actor, year, wardCode);
  }

  @RestrictTo(...PERSONAL_DATA_READERS)
  @Cost(10, { assumedSize: 1000 })
  @FieldResolver(() => [HouseholdPlan], {
    description:
      "The plans to escape this year that are at risk, with their reasons, within your scope, by household code (at most 1,000).",
  })
  atRisk(
    @Root() forecast: PlanForecast,
    @Ctx() ctx: RequestContext,
    @Arg("first", () => Int, { defaultValue: 100 }) first: number,
  ): Promise<HouseholdPlan[]> {
    return this.forecasts.atRisk(ctx.actor, forecast.year, forecast.wardCode, first);
  }
}
