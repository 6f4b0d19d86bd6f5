import type { DataSource, EntityManager } from "typeorm";
import { calendarDate, todayIso } from "../../shared/dates";
import { requireScope, type Viewer } from "../../shared/auth";
import { DomainError, badInput, notFound } from "../../shared/errors";
import { requiredText } from "../../shared/required-text";
import { requireUuid } from "../../shared/ids";
import type { KeysetPage } from "../../shared/pagination";
import { TaskAssignment, TaskStatus } from "./task-assignment.entity";
import { TaskEvent, TaskEventKind } from "./task-event.entity";
import { appendTaskEvents } from "./task-events";
import { TaskHooks } from "./task-hooks";
import { changeTasks, updateTasks, type TaskPatch } from "./task-writes";
import { applyTaskFilter } from "./task-filter.sql";
import { TaskPageReader, type TaskPageFields } from "./task-page.sql";
import { applyTaskScope, mayComment, mayMove } from "./task-scope";
import { TaskAction, requireOpen, transition } from "./task-workflow";
import type { TaskDetailsInput, TaskFilter } from "./task.inputs";
import type { Actor } from "../../shared/actor";

const MAX_TEXT = 2000;

export class TaskService {
  constructor(
    private readonly db: DataSource,
    /** Other modules' reactions to task changes, registered at composition; they run in the changing transaction. */
    private readonly hooks: TaskHooks = new TaskHooks(),
  ) {
    this.pages = new TaskPageReader(db);
  }

  private readonly pages: TaskPageReader;

  /** The task, or null when none has the id or the viewer may not see it. Throws BAD_USER_INPUT when the id is not a UUID. */
  findById(actor: Actor, id: string): Promise<TaskAssignment | null> {
    const q = this.db
      .getRepository(TaskAssignment)
      .createQueryBuilder("t")
      .where("t.id = :id", { id: requireUuid(id, "id") });
    return applyTaskScope(q, actor.viewer).getOne();
  }

  byIds(_actor: Actor, ids: readonly string[]): Promise<TaskAssignment[]> {
    return this.db
      .getRepository(TaskAssignment)
      .createQueryBuilder("t")
      .where("t.id = ANY(:ids)", { ids })
      .getMany();
  }

  /**
   * One page of the tasks the viewer may see, oldest first (id breaks ties), read for the GraphQL
   * fields asked for: plain objects with those fields' columns, each household asked for read in
   * the same statement (TaskPageReader). Throws BAD_USER_INPUT for a bad page size, cursor or filter.
   */
  page(
    actor: Actor,
    filter: TaskFilter,
    first: number | null | undefined,
    after: string | null | undefined,
    fields: TaskPageFields,
  ): Promise<KeysetPage<TaskAssignment> & { wholeHouseholds: boolean }> {
    return this.pages.page(actor.viewer, filter, first, after, fields, todayIso());
  }

  count(actor: Actor, filter: TaskFilter): Promise<number> {
    return this.filtered(actor.viewer, filter).getCount();
  }

  historyOf(_actor: Actor, taskIds: readonly string[]): Promise<TaskEvent[]> {
    return this.db
      .getRepository(TaskEvent)
      .createQueryBuilder("e")
      .where("e.task_id = ANY(:taskIds)", { taskIds })
      .orderBy("e.id")
      .getMany();
  }

  accept(
    who: Actor,
    id: string,
    version: number,
    assignee?: string | null,
  ): Promise<TaskAssignment> {
    return this.change(who, id, version, TaskAction.ACCEPT, () => ({
      assignee: assignee === undefined ? undefined : optionalText(assignee, "assignee"),
    }));
  }

  start(who: Actor, id: string, version: number): Promise<TaskAssignment> {
    return this.change(who, id, version, TaskAction.START, () => ({}));
  }

  complete(who: Actor, id: string, version: number, outcome: string): Promise<TaskAssignment> {
    const text = requiredText(outcome, "outcome", MAX_TEXT);
    return this.change(who, id, version, TaskAction.COMPLETE, () => ({ outcome: text }));
  }

  /** Declines with a reason; the task goes back to the secretariat (LABOUR), which hears of it, to reassign or cancel. */
  decline(who: Actor, id: string, version: number, reason: string): Promise<TaskAssignment> {
    const text = requiredText(reason, "reason", MAX_TEXT);
    return this.change(
      who,
      id,
      version,
      TaskAction.DECLINE,
      () => ({ declineReason: text }),
      text,
      async (tx) =>
        (await tx.query(`SELECT id FROM agency WHERE is_secretariat`)).map(
          (r: { id: string }) => r.id,
        ),
    );
  }

  cancel(who: Actor, id: string, version: number, reason: string): Promise<TaskAssignment> {
    const text = requiredText(reason, "reason", MAX_TEXT);
    return this.change(who, id, version, TaskAction.CANCEL, () => ({ cancelReason: text }), text);
  }

  /**
   * Changes the assignee, due date or notes of an open task. Throws BAD_USER_INPUT for a bad date,
   * ILLEGAL_TRANSITION for a closed task, CONFLICT for a stale version.
   */
  updateDetails(
    who: Actor,
    id: string,
    version: number,
    details: TaskDetailsInput,
  ): Promise<TaskAssignment> {
    const changes: TaskPatch = {};
    if (details.assignee !== undefined)
      changes.assignee = optionalText(details.assignee, "assignee");
    if (details.notes !== undefined) changes.notes = optionalText(details.notes, "notes");
    if (details.dueOn !== undefined)
      changes.dueOn = details.dueOn === null ? null : calendarDate(details.dueOn, "dueOn");
    return this.db.transaction(async (tx) => {
      const task = await this.lockSeen(tx, who, id, version);
      requireOpen(task.status);
      const events = await changeTasks(tx, who, [task], changes, TaskEventKind.UPDATED);
      await this.hooks.changed(tx, who, [task]);
      return written(task, events);
    });
  }

  /** Adds a comment to the task's history; it changes the task's version like any other change. */
  comment(who: Actor, id: string, version: number, text: string): Promise<TaskAssignment> {
    const comment = requiredText(text, "text", MAX_TEXT);
    return this.db.transaction(async (tx) => {
      const task = await this.lockSeen(tx, who, id, version, mayComment);
      return written(
        task,
        await changeTasks(tx, who, [task], {}, TaskEventKind.COMMENTED, { comment }),
      );
    });
  }

  /**
   * Hands the task to another agency: this task becomes REASSIGNED and a new ROUTED task, owned by
   * that agency, takes its place. Returns the new task. Throws BAD_USER_INPUT for an unknown or
   * the same agency.
   */
  reassign(
    who: Actor,
    id: string,
    version: number,
    agencyCode: string,
    reason: string,
  ): Promise<TaskAssignment> {
    const text = requiredText(reason, "reason", MAX_TEXT);
    return this.db.transaction(async (tx) => {
      const task = await this.lockSeen(tx, who, id, version);
      const [agency]: { id: string }[] = await tx.query(`SELECT id FROM agency WHERE code = $1`, [
        agencyCode,
      ]);
      if (!agency)
        throw badInput(
          "error.input.unknownAgency",
          { code: agencyCode },
          { argument: "agencyCode" },
        );
      if (agency.id === task.ownerAgencyId)
        throw badInput("error.task.alreadyOwned", { code: agencyCode }, { argument: "agencyCode" });
      const { to, event } = transition(task.status, TaskAction.REASSIGN);
      // The successor's insert needs this task closed (one open task per need), and its event goes with this task's.
      const [before] = await updateTasks(tx, [task], { status: to });
      const successor = tx.create(TaskAssignment, {
        householdId: task.householdId,
        wardId: task.wardId,
        measureId: task.measureId,
        ownerAgencyId: agency.id,
        supportingAgencyIds: task.supportingAgencyIds.filter((a) => a !== agency.id),
        status: TaskStatus.ROUTED,
        dueOn: task.dueOn,
        needGone: task.needGone,
        ruleId: task.ruleId,
        ruleVersion: task.ruleVersion,
        reassignedFromTaskId: task.id,
        version: 1,
      });
      await tx.getRepository(TaskAssignment).insert(successor);
      const saved = await tx.getRepository(TaskAssignment).findOneByOrFail({ id: successor.id });
      const events = await appendTaskEvents(tx, [
        { task, kind: event, actor: who.name, before, comment: text },
        { task: saved, kind: TaskEventKind.ROUTED, actor: who.name, before: null, comment: text },
      ]);
      await this.hooks.statusChanged(tx, who, [task]);
      await this.hooks.changed(tx, who, [task, saved]);
      return written(saved, events);
    });
  }

  private change(
    who: Actor,
    id: string,
    version: number,
    action: TaskAction,
    fields: (t: TaskAssignment) => TaskPatch,
    comment?: string,
    alsoNotify: (tx: EntityManager) => Promise<string[]> = async () => [],
  ) {
    return this.db.transaction(async (tx) => {
      const task = await this.lockSeen(tx, who, id, version);
      const { to, event } = transition(task.status, action);
      const alsoNotifyAgencyIds = await alsoNotify(tx);
      const events = await changeTasks(tx, who, [task], { ...fields(task), status: to }, event, {
        comment,
        alsoNotifyAgencyIds,
      });
      await this.hooks.statusChanged(tx, who, [task]);
      await this.hooks.changed(tx, who, [task]);
      return written(task, events);
    });
  }

  /**
   * Locks the task for this transaction. NOT_FOUND if absent, FORBIDDEN unless `may` allows the
   * caller, CONFLICT if it changed since the caller saw `version`.
   */
  private async lockSeen(
    tx: EntityManager,
    who: Actor,
    id: string,
    version: number,
    may: (v: Viewer, t: TaskAssignment) => boolean = mayMove,
  ): Promise<TaskAssignment> {
    const task = await tx
      .getRepository(TaskAssignment)
      .findOne({ where: { id: requireUuid(id, "id") }, lock: { mode: "pessimistic_write" } });
    if (!task) throw notFound("error.notFound.task", { id });
    requireScope(may(who.viewer, task), "error.scope.taskOtherAgencyOrWard");
    if (task.version !== version) {
      throw new DomainError(
        "CONFLICT",
        "error.task.stale",
        { seen: version, current: task.version },
        {
          currentVersion: task.version,
        },
      );
    }
    return task;
  }

  private filtered(viewer: Viewer, filter: TaskFilter) {
    return applyTaskScope(
      applyTaskFilter(
        this.db.getRepository(TaskAssignment).createQueryBuilder("t"),
        filter,
        todayIso(),
      ),
      viewer,
    );
  }
}

/**
 * The events the changes that returned these tasks wrote, for the mutations' answers (a transient
 * note beside the entity: TypeORM would take a property of it for a column to save).
 */
const writtenEvents = new WeakMap<TaskAssignment, TaskEvent>();

/** The task a change returns, noting the last event the change wrote (for a reassignment, its new task's ROUTED). */
function written(task: TaskAssignment, events: TaskEvent[]): TaskAssignment {
  writtenEvents.set(task, events[events.length - 1]);
  return task;
}

/** The event the change that returned the task wrote, or null for a task read otherwise. */
export const writtenEventOf = (task: TaskAssignment): TaskEvent | null =>
  writtenEvents.get(task) ?? null;

function optionalText(value: string | null, argument: string): string | null {
  return value === null || value.trim() === "" ? null : requiredText(value, argument, MAX_TEXT);
}
