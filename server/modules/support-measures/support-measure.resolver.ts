import { Ctx, FieldResolver, Query, Resolver, Root } from "type-graphql";
import type { RequestContext } from "../../shared/request-context";
import { Agency } from "../agencies";
import { SupportMeasure } from "./support-measure.entity";
import type { SupportMeasureService } from "./support-measure.service";

@Resolver(() => SupportMeasure)
export class SupportMeasureResolver {
  constructor(private readonly measures: SupportMeasureService) {}

  @Query(() => [SupportMeasure])
  supportMeasures(): Promise<SupportMeasure[]> {
    return this.measures.list();
  }

  @FieldResolver(() => Agency, { description: "The agency the plan makes responsible for the measure." })
  async leadAgency(@Root() measure: SupportMeasure, @Ctx() ctx: RequestContext): Promise<Agency> {
    const agency = await ctx.loaders.agency.load(measure.leadAgencyId);
    if (!agency) throw new Error(`support measure ${measure.code} has no lead agency row`);
    return agency;
  }
}
