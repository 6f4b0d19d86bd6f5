import type { GraphQLResolveInfo } from "graphql";
import {
  Arg,
  Ctx,
  FieldResolver,
  ID,
  Info,
  Int,
  Mutation,
  Query,
  Resolver,
  Root,
} from "type-graphql";
import { ALL_ROLES, Allow, PERSONAL_DATA_READERS, RestrictTo, Role } from "../../shared/auth";
import { loadExisting, loadRequired } from "../../shared/loaders";
import { toConnection } from "../../shared/pagination";
import { fieldNamesUnder, perField, selectedFields } from "../../shared/projection";
import { Cost } from "../../shared/cost";
import type { RequestContext } from "../../shared/request-context";
import { Agency } from "../agencies";
import { Household } from "../households";
import { SupportMeasure } from "../support-measures";
import { Ward } from "../wards";
import { TaskAssignment } from "./task-assignment.entity";
import { maySee } from "./task-scope";
import { TaskEvent } from "./task-event.entity";
import { TaskDetailsInput, TaskFilter } from "./task.inputs";
import { writtenEventOf, type TaskService } from "./task.service";
import type { TaskPageFields } from "./task-page.sql";
import { TaskConnection } from "./task.types";

/** The fields a connection's page is read for: each node's, its household's and the total count when asked for. */
const pageFields = perField((info): TaskPageFields => {
  const node = selectedFields(info, ["edges", "node"]);
  const household = node.get("household");
  return {
    task: [...node.keys()],
    household: household ? fieldNamesUnder(info, household) : null,
    total: selectedFields(info).has("totalCount"),
  };
});

@Resolver(() => TaskAssignment)
export class TaskResolver {
  constructor(private readonly taskService: TaskService) {}

  @Allow(...ALL_ROLES)
  @Cost(10)
  @Query(() => TaskAssignment, { nullable: true })
  task(
    @Ctx() ctx: RequestContext,
    @Arg("id", () => ID) id: string,
  ): Promise<TaskAssignment | null> {
    return this.taskService.findById(ctx.actor, id);
  }

  @Allow(...ALL_ROLES)
  @Cost(10)
  @Query(() => TaskConnection, {
    description: "Tasks, oldest first; `first` is 1–100 (default 20).",
  })
  async tasks(
    @Ctx() ctx: RequestContext,
    @Info() info: GraphQLResolveInfo,
    @Arg("filter", () => TaskFilter, { nullable: true }) filter: TaskFilter | undefined,
    @Arg("first", () => Int, { nullable: true }) first: number | undefined,
    @Arg("after", () => String, { nullable: true }) after: string | undefined,
  ): Promise<TaskConnection> {
    return this.connection(ctx, info, filter ?? {}, first, after);
  }

  @Allow(...ALL_ROLES)
  @Cost(20)
  @Query(() => TaskConnection, {
    description:
      "Open tasks within your scope past their due date (escalated to their ward and the secretariat), oldest first.",
  })
  async overdueTasks(
    @Ctx() ctx: RequestContext,
    @Info() info: GraphQLResolveInfo,
    @Arg("filter", () => TaskFilter, { nullable: true }) filter: TaskFilter | undefined,
    @Arg("first", () => Int, { nullable: true }) first: number | undefined,
    @Arg("after", () => String, { nullable: true }) after: string | undefined,
  ): Promise<TaskConnection> {
    return this.connection(ctx, info, { ...(filter ?? {}), overdue: true }, first, after);
  }

  /**
   * A page as a connection, read for the fields asked for; households asked for are read with it
   * (and handed to the request's loader when read whole: a partial one must not answer another field's load).
   */
  private async connection(
    ctx: RequestContext,
    info: GraphQLResolveInfo,
    filter: TaskFilter,
    first?: number,
    after?: string,
  ): Promise<TaskConnection> {
    const page = await this.taskService.page(ctx.actor, filter, first, after, pageFields(info));
    if (page.wholeHouseholds)
      for (const task of page.rows)
        if (task.household) ctx.loaders.household.prime(task.household.id, task.household);
    return toConnection(page, filter);
  }

  @Allow(Role.ADMIN, Role.AGENCY_STAFF)
  @Cost(20)
  @Mutation(() => TaskAssignment, {
    description: "ROUTED → ACCEPTED, optionally naming who handles it.",
  })
  acceptTask(
    @Ctx() ctx: RequestContext,
    @Arg("id", () => ID) id: string,
    @Arg("version", () => Int) version: number,
    @Arg("assignee", () => String, { nullable: true }) assignee?: string,
  ): Promise<TaskAssignment> {
    return this.taskService.accept(ctx.actor, id, version, assignee);
  }

  @Allow(Role.ADMIN, Role.AGENCY_STAFF)
  @Cost(20)
  @Mutation(() => TaskAssignment, { description: "ACCEPTED → IN_PROGRESS." })
  startTask(
    @Ctx() ctx: RequestContext,
    @Arg("id", () => ID) id: string,
    @Arg("version", () => Int) version: number,
  ): Promise<TaskAssignment> {
    return this.taskService.start(ctx.actor, id, version);
  }

  @Allow(Role.ADMIN, Role.AGENCY_STAFF)
  @Cost(20)
  @Mutation(() => TaskAssignment, {
    description: "IN_PROGRESS → COMPLETED with what was achieved.",
  })
  completeTask(
    @Ctx() ctx: RequestContext,
    @Arg("id", () => ID) id: string,
    @Arg("version", () => Int) version: number,
    @Arg("outcome") outcome: string,
  ): Promise<TaskAssignment> {
    return this.taskService.complete(ctx.actor, id, version, outcome);
  }

  @Allow(Role.ADMIN, Role.AGENCY_STAFF)
  @Cost(20)
  @Mutation(() => TaskAssignment, {
    description: "Declines with a reason; the task goes back to LABOUR to reassign or cancel.",
  })
  declineTask(
    @Ctx() ctx: RequestContext,
    @Arg("id", () => ID) id: string,
    @Arg("version", () => Int) version: number,
    @Arg("reason") reason: string,
  ): Promise<TaskAssignment> {
    return this.taskService.decline(ctx.actor, id, version, reason);
  }

  @Allow(Role.ADMIN, Role.AGENCY_STAFF)
  @Cost(20)
  @Mutation(() => TaskAssignment)
  cancelTask(
    @Ctx() ctx: RequestContext,
    @Arg("id", () => ID) id: string,
    @Arg("version", () => Int) version: number,
    @Arg("reason") reason: string,
  ): Promise<TaskAssignment> {
    return this.taskService.cancel(ctx.actor, id, version, reason);
  }

  @Allow(Role.ADMIN, Role.AGENCY_STAFF)
  @Cost(20)
  @Mutation(() => TaskAssignment, {
    description: "Hands the task to another agency; returns the new task that agency now owns.",
  })
  reassignTask(
    @Ctx() ctx: RequestContext,
    @Arg("id", () => ID) id: string,
    @Arg("version", () => Int) version: number,
    @Arg("agencyCode") agencyCode: string,
    @Arg("reason") reason: string,
  ): Promise<TaskAssignment> {
    return this.taskService.reassign(ctx.actor, id, version, agencyCode, reason);
  }

  @Allow(Role.ADMIN, Role.AGENCY_STAFF)
  @Cost(20)
  @Mutation(() => TaskAssignment, {
    description: "Changes the assignee, due date or notes of an open task.",
  })
  updateTaskDetails(
    @Ctx() ctx: RequestContext,
    @Arg("id", () => ID) id: string,
    @Arg("version", () => Int) version: number,
    @Arg("details", () => TaskDetailsInput) details: TaskDetailsInput,
  ): Promise<TaskAssignment> {
    return this.taskService.updateDetails(ctx.actor, id, version, details);
  }

  @Allow(Role.ADMIN, Role.AGENCY_STAFF, Role.WARD_OFFICER, Role.MONITOR)
  @Cost(20)
  @Mutation(() => TaskAssignment)
  commentOnTask(
    @Ctx() ctx: RequestContext,
    @Arg("id", () => ID) id: string,
    @Arg("version", () => Int) version: number,
    @Arg("text") text: string,
  ): Promise<TaskAssignment> {
    return this.taskService.comment(ctx.actor, id, version, text);
  }

  @Cost(1)
  @FieldResolver(() => Household)
  household(
    @Root() task: TaskAssignment,
    @Ctx() ctx: RequestContext,
  ): Household | Promise<Household> {
    return task.household ?? loadRequired(ctx.loaders.household, task.householdId, "household");
  }

  @Cost(1)
  @FieldResolver(() => Ward, { description: "The ward of the household when the task was made." })
  ward(@Root() task: TaskAssignment, @Ctx() ctx: RequestContext): Promise<Ward> {
    return loadRequired(ctx.loaders.ward, task.wardId, "ward");
  }

  @Cost(1)
  @FieldResolver(() => SupportMeasure)
  measure(@Root() task: TaskAssignment, @Ctx() ctx: RequestContext): Promise<SupportMeasure> {
    return loadRequired(ctx.loaders.supportMeasure, task.measureId, "measure");
  }

  @Cost(1)
  @FieldResolver(() => Agency)
  ownerAgency(@Root() task: TaskAssignment, @Ctx() ctx: RequestContext): Promise<Agency> {
    return loadRequired(ctx.loaders.agency, task.ownerAgencyId, "owner");
  }

  @Cost(1, { assumedSize: 5 })
  @FieldResolver(() => [Agency])
  supportingAgencies(@Root() task: TaskAssignment, @Ctx() ctx: RequestContext): Promise<Agency[]> {
    return loadExisting(ctx.loaders.agency, task.supportingAgencyIds);
  }

  @Cost(1)
  @FieldResolver(() => TaskAssignment, {
    nullable: true,
    description: "The task this one replaced when it was reassigned, if it is within your scope.",
  })
  async reassignedFrom(
    @Root() task: TaskAssignment,
    @Ctx() ctx: RequestContext,
  ): Promise<TaskAssignment | null> {
    const previous = task.reassignedFromTaskId
      ? await ctx.loaders.task.load(task.reassignedFromTaskId)
      : null;
    return previous && maySee(ctx.viewer, previous) ? previous : null;
  }

  @RestrictTo(...PERSONAL_DATA_READERS)
  @Cost(0)
  @FieldResolver(() => TaskEvent, {
    nullable: true,
    description:
      "In a mutation's answer: the event the change wrote to the task's history, the one subscribers receive (match it by id). Null elsewhere.",
  })
  changeEvent(@Root() task: TaskAssignment): TaskEvent | null {
    return writtenEventOf(task);
  }

  @RestrictTo(...PERSONAL_DATA_READERS)
  @Cost(1)
  @FieldResolver(() => [TaskEvent], {
    nullable: true,
    description:
      "Every change of the task, oldest first (notes and comments about the household: closed to analysts).",
  })
  history(@Root() task: TaskAssignment, @Ctx() ctx: RequestContext): Promise<TaskEvent[]> {
    return ctx.loaders.taskHistory.load(task.id);
  }
}

@Resolver(() => TaskConnection)
export class TaskConnectionResolver {
  constructor(private readonly taskService: TaskService) {}

  @Cost(10)
  @FieldResolver(() => Int, { description: "Tasks matching the filter across all pages." })
  totalCount(
    @Root() connection: TaskConnection,
    @Ctx() ctx: RequestContext,
  ): number | Promise<number> {
    return connection.total ?? this.taskService.count(ctx.actor, connection.filter);
  }
}
