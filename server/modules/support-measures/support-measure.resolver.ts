import { Ctx, FieldResolver, Query, Resolver, Root } from "type-graphql";
import { ALL_ROLES, Allow } from "../../shared/auth";
import { loadRequired } from "../../shared/loaders";
import { Cost } from "../../shared/cost";
import type { RequestContext } from "../../shared/request-context";
import { Agency } from "../agencies";
import { SupportMeasure } from "./support-measure.entity";
import type { SupportMeasureService } from "./support-measure.service";

@Resolver(() => SupportMeasure)
export class SupportMeasureResolver {
  constructor(private readonly measures: SupportMeasureService) {}

  @Allow(...ALL_ROLES)
  @Cost(10, { assumedSize: 30 })
  @Query(() => [SupportMeasure])
  supportMeasures(@Ctx() ctx: RequestContext): Promise<SupportMeasure[]> {
    return this.measures.list(ctx.actor);
  }

  @Cost(1)
  @FieldResolver(() => Agency, {
    description: "The agency the plan makes responsible for the measure.",
  })
  leadAgency(@Root() measure: SupportMeasure, @Ctx() ctx: RequestContext): Promise<Agency> {
    return loadRequired(ctx.loaders.agency, measure.leadAgencyId, "agency");
  }
}
