import { Arg, Ctx, ID, Int, Mutation, Resolver } from "type-graphql";
import { Allow, Role } from "../../shared/auth";
import { Cost } from "../../shared/cost";
import type { RequestContext } from "../../shared/request-context";
import { HouseholdAssessmentInput, HouseholdFilter } from "../households";
import type { RoutingService } from "./routing.service";
import { AssessmentResult, RoutingResult } from "./routing.types";

@Resolver()
export class RoutingResolver {
  constructor(private readonly routing: RoutingService) {}

  @Allow(Role.ADMIN, Role.WARD_OFFICER)
  @Cost(50)
  @Mutation(() => RoutingResult, {
    description:
      "Evaluates the rules for one household and creates the tasks it needs that are not open yet.",
  })
  routeHousehold(
    @Ctx() ctx: RequestContext,
    @Arg("householdId", () => ID) householdId: string,
  ): Promise<RoutingResult> {
    return this.routing.routeHousehold(ctx.actor, householdId);
  }

  @Allow(Role.ADMIN, Role.WARD_OFFICER)
  @Cost(2000)
  @Mutation(() => RoutingResult, {
    description: "Routes every household matching the filter (a ward, the city); idempotent.",
  })
  routeHouseholds(
    @Ctx() ctx: RequestContext,
    @Arg("filter", () => HouseholdFilter) filter: HouseholdFilter,
  ): Promise<RoutingResult> {
    return this.routing.routeHouseholds(ctx.actor, filter);
  }

  @Allow(Role.ADMIN, Role.WARD_OFFICER)
  @Cost(50)
  @Mutation(() => AssessmentResult, {
    description:
      "Replaces a household's deprivations, causes and classification, and re-routes it.",
  })
  updateHouseholdAssessment(
    @Ctx() ctx: RequestContext,
    @Arg("householdId", () => ID) householdId: string,
    @Arg("version", () => Int, { description: "The household's version as you saw it." })
    version: number,
    @Arg("assessment", () => HouseholdAssessmentInput) assessment: HouseholdAssessmentInput,
  ): Promise<AssessmentResult> {
    return this.routing.updateAssessment(ctx.actor, householdId, version, assessment);
  }
}
