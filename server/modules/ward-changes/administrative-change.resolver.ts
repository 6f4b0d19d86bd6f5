import { Arg, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from "type-graphql";
import { ALL_ROLES, Allow, Role } from "../../shared/auth";
import { loadRequired } from "../../shared/loaders";
import type { RequestContext } from "../../shared/request-context";
import { Ward } from "../wards";
import { AdministrativeChange } from "./administrative-change.entity";
import { AdministrativeChangeInput } from "./administrative-change.inputs";
import type { AdministrativeChangeService } from "./administrative-change.service";

@Resolver(() => AdministrativeChange)
export class AdministrativeChangeResolver {
  constructor(private readonly changes: AdministrativeChangeService) {}

  @Allow(...ALL_ROLES)
  @Query(() => [AdministrativeChange], { description: "Every recorded change of the ward map, by effective date." })
  administrativeChanges(): Promise<AdministrativeChange[]> {
    return this.changes.list();
  }

  @Allow(Role.ADMIN)
  @Mutation(() => AdministrativeChange, {
    description: "Records a merger of wards. From the effective date the successor carries the predecessors' households and open tasks; history and reports of earlier years keep the old wards.",
  })
  recordAdministrativeChange(@Ctx() ctx: RequestContext, @Arg("change", () => AdministrativeChangeInput) change: AdministrativeChangeInput): Promise<AdministrativeChange> {
    return this.changes.record(change, ctx.actor);
  }

  @FieldResolver(() => [Ward])
  predecessors(@Root() change: AdministrativeChange, @Ctx() ctx: RequestContext): Promise<Ward[]> {
    return Promise.all(change.predecessorWardIds.map((id) => loadRequired(ctx.loaders.ward, id, "ward")));
  }

  @FieldResolver(() => Ward)
  successor(@Root() change: AdministrativeChange, @Ctx() ctx: RequestContext): Promise<Ward> {
    return loadRequired(ctx.loaders.ward, change.successorWardId, "ward");
  }
}
