import { Arg, Ctx, FieldResolver, Query, Resolver, Root } from "type-graphql";
import { ALL_ROLES, Allow } from "../../shared/auth";
import { Cost } from "../../shared/cost";
import type { RequestContext } from "../../shared/request-context";
import { SupportMeasure } from "../support-measures";
import { Ward } from "../wards";
import { PlanTarget } from "./plan-target.entity";
import { PlanTargetFilter } from "./plan-target.inputs";
import type { PlanTargetService } from "./plan-target.service";

@Resolver(() => PlanTarget)
export class PlanTargetResolver {
  constructor(private readonly targets: PlanTargetService) {}

  @Allow(...ALL_ROLES)
  @Cost(10, { assumedSize: 60 })
  @Query(() => [PlanTarget], {
    description: "The plan's targets (plan 139/KH-UBND, sections II, III.4–III.6).",
  })
  planTargets(
    @Ctx() ctx: RequestContext,
    @Arg("filter", () => PlanTargetFilter, { nullable: true }) filter?: PlanTargetFilter | null,
  ): Promise<PlanTarget[]> {
    return this.targets.list(ctx.actor, filter ?? {});
  }

  @Cost(1)
  @FieldResolver(() => Ward, { nullable: true })
  ward(@Root() target: PlanTarget, @Ctx() ctx: RequestContext): Promise<Ward | null> | null {
    return target.wardId ? ctx.loaders.ward.load(target.wardId) : null;
  }

  @Cost(1)
  @FieldResolver(() => SupportMeasure, { nullable: true })
  measure(
    @Root() target: PlanTarget,
    @Ctx() ctx: RequestContext,
  ): Promise<SupportMeasure | null> | null {
    return target.measureId ? ctx.loaders.supportMeasure.load(target.measureId) : null;
  }
}
