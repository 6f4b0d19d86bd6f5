import { Ctx, FieldResolver, Query, Resolver, Root } from "type-graphql";
import { ALL_ROLES, Allow } from "../../shared/auth";
import { Cost } from "../../shared/cost";
import type { RequestContext } from "../../shared/request-context";
import { Ward } from "../wards";
import { Agency } from "./agency.entity";
import type { AgencyService } from "./agency.service";

@Resolver(() => Agency)
export class AgencyResolver {
  constructor(private readonly agencyService: AgencyService) {}

  @Allow(...ALL_ROLES)
  @Cost(10, { assumedSize: 15 })
  @Query(() => [Agency])
  agencies(@Ctx() ctx: RequestContext): Promise<Agency[]> {
    return this.agencyService.list(ctx.actor);
  }

  @Cost(1)
  @FieldResolver(() => Ward, {
    nullable: true,
    description: "The ward, for a ward's People's Committee.",
  })
  ward(@Root() agency: Agency, @Ctx() ctx: RequestContext): Promise<Ward | null> | null {
    return agency.wardId ? ctx.loaders.ward.load(agency.wardId) : null;
  }
}
