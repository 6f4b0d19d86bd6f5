import { Ctx, FieldResolver, Query, Resolver, Root } from "type-graphql";
import { ALL_ROLES, Allow } from "../../shared/auth";
import { Cost } from "../../shared/cost";
import type { RequestContext } from "../../shared/request-context";
import { Ward, WardHouseholdTotal } from "./ward.entity";
import type { WardService } from "./ward.service";

@Resolver(() => Ward)
export class WardResolver {
  constructor(private readonly wardService: WardService) {}

  @Allow(...ALL_ROLES)
  @Cost(10, { assumedSize: 25 })
  @Query(() => [Ward], {
    description: "Every ward and commune, current and past (see validFrom/validUntil).",
  })
  wards(@Ctx() ctx: RequestContext): Promise<Ward[]> {
    return this.wardService.list(ctx.actor);
  }

  @Cost(1, { assumedSize: 5 })
  @FieldResolver(() => [WardHouseholdTotal], {
    description: "Total households per year: the denominators of poverty rates.",
  })
  householdTotals(@Root() ward: Ward, @Ctx() ctx: RequestContext): Promise<WardHouseholdTotal[]> {
    return ctx.loaders.wardHouseholdTotals.load(ward.id);
  }
}
