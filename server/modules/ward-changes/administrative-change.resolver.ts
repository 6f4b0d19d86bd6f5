import { Arg, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from "type-graphql";
import { ALL_ROLES, Allow, Role } from "../../shared/auth";
import { loadRequired } from "../../shared/loaders";
import { Cost } from "../../shared/cost";
import type { RequestContext } from "../../shared/request-context";
import { Ward } from "../wards";
import { AdministrativeChange } from "./administrative-change.entity";
import { AdministrativeChangeInput } from "./administrative-change.inputs";
import type { AdministrativeChangeService } from "./administrative-change.service";

@Resolver(() => AdministrativeChange)
export class AdministrativeChangeResolver {
  constructor(private readonly changes: AdministrativeChangeService) {}

  @Allow(...ALL_ROLES)
  @Cost(10, { assumedSize: 5 })
  @Query(() => [AdministrativeChange], {
    description: "Every recorded change of the ward map, by effective date.",
  })
  administrativeChanges(@Ctx() ctx: RequestContext): Promise<AdministrativeChange[]> {
    return this.changes.list(ctx.actor);
  }

  @Allow(Role.ADMIN)
  @Cost(1000)
  @Mutation(() => AdministrativeChange, {
    description:
      "Records a merger of wards. From the effective date the successor carries the predecessors' households and open tasks; history and reports of earlier years keep the old wards.",
  })
  recordAdministrativeChange(
    @Ctx() ctx: RequestContext,
    @Arg("change", () => AdministrativeChangeInput) change: AdministrativeChangeInput,
  ): Promise<AdministrativeChange> {
    return this.changes.record(ctx.actor, change);
  }

  @Cost(1, { assumedSize: 5 })
  @FieldResolver(() => [Ward])
  predecessors(@Root() change: AdministrativeChange, @Ctx() ctx: RequestContext): Promise<Ward[]> {
    return Promise.all(
      change.predecessorWardIds.map((id) => loadRequired(ctx.loaders.ward, id, "ward")),
    );
  }

  @Cost(1)
  @FieldResolver(() => Ward)
  successor(@Root() change: AdministrativeChange, @Ctx() ctx: RequestContext): Promise<Ward> {
    return loadRequired(ctx.loaders.ward, change.successorWardId, "ward");
  }
}
