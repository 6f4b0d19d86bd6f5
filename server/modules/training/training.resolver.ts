import { Arg, Ctx, Mutation, Query, Resolver } from "type-graphql";
import { ALL_ROLES, Allow, Role } from "../../shared/auth";
import { calendarDate, todayIso } from "../../shared/dates";
import { Cost } from "../../shared/cost";
import type { RequestContext } from "../../shared/request-context";
import type { TrainingService } from "./training.service";
import { CapacityBuildingProgress, TrainingSession, TrainingSessionInput } from "./training.types";

@Resolver()
export class TrainingResolver {
  constructor(private readonly training: TrainingService) {}

  @Allow(Role.ADMIN, Role.AGENCY_STAFF)
  @Cost(20)
  @Mutation(() => TrainingSession, {
    description:
      "Records a held capacity-building session (ADMIN, or the organising agency's staff).",
  })
  recordTrainingSession(
    @Ctx() ctx: RequestContext,
    @Arg("session", () => TrainingSessionInput) session: TrainingSessionInput,
  ): Promise<TrainingSession> {
    return this.training.record(ctx.actor, session);
  }

  @Allow(...ALL_ROLES)
  @Cost(20)
  @Query(() => CapacityBuildingProgress, {
    description:
      "People trained up to the day (default today) against the plan's 250, over 145 village officers.",
  })
  capacityBuilding(
    @Ctx() ctx: RequestContext,
    @Arg("asOf", () => String, { nullable: true }) asOf?: string | null,
  ): Promise<CapacityBuildingProgress> {
    return this.training.progress(ctx.actor, asOf ? calendarDate(asOf, "asOf") : todayIso());
  }
}
