import type { EntityManager } from "typeorm";
import { In } from "typeorm";
import type { Actor } from "../../shared/actor";
import { OPEN_TASK_STATUSES, TaskAssignment, TaskStatus } from "./task-assignment.entity";
import { TaskEventKind, type TaskEvent } from "./task-event.entity";
import { TASK_EVENTS_CHANNEL, appendTaskEvents, snapshotOf, snapshotSql } from "./task-events";

/*
 * Every write of `task_assignment` and `task_event` is in this module; other modules call these
 * functions (tests/task-writes.test.ts fails on a write elsewhere). Each runs in the caller's
 * transaction and writes the events of what it changed, so the feed hears of every change.
 */

/**
 * The partial unique index that lets a need have one open task at a time (migration
 * 1764280000000-routing-and-tasks). Routing's insert names it by this predicate in its
 * `ON CONFLICT … WHERE`, which PostgreSQL accepts only while it matches the index's:
 * tests/task-writes.test.ts compares the two in the database.
 */
export const ONE_OPEN_TASK_PER_NEED = {
  index: "task_assignment_one_open_per_need",
  columns: "(household_id, measure_id)",
  predicate: `status IN (${OPEN_TASK_STATUSES.map((s) => `'${s}'`).join(", ")})`,
} as const;

/** What a change may set on a task; the version and updatedAt are always set by the change itself. */
export type TaskPatch = Partial<
  Pick<
    TaskAssignment,
    | "status"
    | "wardId"
    | "ownerAgencyId"
    | "supportingAgencyIds"
    | "assignee"
    | "dueOn"
    | "notes"
    | "outcome"
    | "declineReason"
    | "cancelReason"
    | "needGone"
  >
>;

/** What an event says beside the task's before and after. */
export interface TaskEventNote {
  comment?: string | null;
  /** Agencies to notify besides the task's owner and supporters (e.g. the secretariat of a declined task). */
  alsoNotifyAgencyIds?: string[];
}

/** An event to record of a task as it is: `before` defaults to the task as it is (the event changes nothing of it). */
export interface TaskEventRecord extends TaskEventNote {
  task: TaskAssignment;
  kind: TaskEventKind;
  before?: Record<string, unknown> | null;
}

/** A task routing asks for: one per household and measure, owned by the rule's (or the measure's lead) agency. */
export interface RoutedTaskRow {
  householdId: string;
  wardId: string;
  measureId: string;
  ownerAgencyId: string;
  supportingAgencyIds: string[];
  ruleId: string | null;
  ruleVersion: number | null;
  /** Made even if a task of this need was completed or cancelled (an assessment added the need anew). */
  reopen: boolean;
}

/**
 * Creates a ROUTED task per row, with its ROUTED event, in one statement, unless the need has an
 * open task (the partial unique index decides, even under concurrent routing) or, short of
 * `reopen`, one completed or cancelled; announces the events to the feed. The household's profile
 * rides on its task for stats: the caller holds the households locked, so it is current. Returns
 * the tasks created, oldest first (as the tasks list orders them).
 */
export async function createRoutedTasks(
  tx: EntityManager,
  actor: Actor,
  rows: RoutedTaskRow[],
): Promise<TaskAssignment[]> {
  if (rows.length === 0) return [];
  // Arrays, one per column, unnested together: PostgreSQL reads them far faster than a JSON document
  // of rows, and a range of 2,000 households is about 3,700 tasks. The events are written from the
  // inserted rows themselves (snapshotSql), so nothing of the tasks travels back and forth twice.
  const inserted: {
    id: string;
    household_id: string;
    measure_id: string;
    due_on: string | null;
    created_ms: number;
    updated_ms: number;
  }[] = await tx.query(
    `WITH r AS (
       SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::uuid[], $5::text[], $6::uuid[], $7::integer[], $8::boolean[])
         AS r(household_id, ward_id, measure_id, owner_agency_id, supporting_agency_ids, rule_id, rule_version, reopen)
     ), task AS (
       INSERT INTO task_assignment (household_id, ward_id, measure_id, owner_agency_id, supporting_agency_ids, status, due_on, rule_id, rule_version, need_gone, version,
                                    household_area, household_classification, household_deprivations, household_poverty_causes)
       SELECT r.household_id, r.ward_id, r.measure_id, r.owner_agency_id, r.supporting_agency_ids::uuid[], '${TaskStatus.ROUTED}',
              CASE WHEN m.default_due_days IS NULL THEN NULL ELSE current_date + m.default_due_days END, r.rule_id, r.rule_version, false, 1,
              h.area, h.classification, h.deprivations, h.poverty_causes
         FROM r
         JOIN support_measure m ON m.id = r.measure_id
         JOIN household h ON h.id = r.household_id
        WHERE r.reopen OR NOT EXISTS (SELECT 1 FROM task_assignment c WHERE c.household_id = r.household_id AND c.measure_id = r.measure_id
                                       AND c.status IN ('${TaskStatus.COMPLETED}', '${TaskStatus.CANCELLED}'))
       ON CONFLICT ${ONE_OPEN_TASK_PER_NEED.columns} WHERE ${ONE_OPEN_TASK_PER_NEED.predicate} DO NOTHING
       RETURNING *
     ), event AS (
       -- In the order the tasks are returned (oldest first), so the events' ids, drawn from the sequence in that order, sort them alike.
       INSERT INTO task_event (task_id, household_id, ward_id, owner_agency_id, supporting_agency_ids, kind, actor, before, after)
       SELECT t.id, t.household_id, t.ward_id, t.owner_agency_id, t.supporting_agency_ids, '${TaskEventKind.ROUTED}', $9, NULL, ${snapshotSql("t")}
         FROM task t ORDER BY t.created_at, t.id
       RETURNING id
     ), announced AS (
       SELECT pg_notify('${TASK_EVENTS_CHANNEL}', max(id)::text) FROM event HAVING count(*) > 0
     )
     SELECT t.id, t.household_id, t.measure_id, t.due_on::text AS due_on,
            (extract(epoch FROM t.created_at) * 1000)::float8 AS created_ms, (extract(epoch FROM t.updated_at) * 1000)::float8 AS updated_ms
       FROM task t CROSS JOIN announced`,
    [
      rows.map((r) => r.householdId),
      rows.map((r) => r.wardId),
      rows.map((r) => r.measureId),
      rows.map((r) => r.ownerAgencyId),
      rows.map((r) => `{${r.supportingAgencyIds.join(",")}}`),
      rows.map((r) => r.ruleId),
      rows.map((r) => r.ruleVersion),
      rows.map((r) => r.reopen),
      actor.name,
    ],
  );
  // The rest of each task is what the statement wrote: the row asked for, and the literals above.
  const asked = new Map(rows.map((r) => [`${r.householdId}|${r.measureId}`, r]));
  const created = inserted.map((t) => {
    const r = asked.get(`${t.household_id}|${t.measure_id}`)!;
    return Object.assign(new TaskAssignment(), {
      id: t.id,
      householdId: r.householdId,
      wardId: r.wardId,
      measureId: r.measureId,
      ownerAgencyId: r.ownerAgencyId,
      supportingAgencyIds: r.supportingAgencyIds,
      status: TaskStatus.ROUTED,
      assignee: null,
      dueOn: t.due_on,
      notes: null,
      outcome: null,
      declineReason: null,
      cancelReason: null,
      needGone: false,
      ruleId: r.ruleId,
      ruleVersion: r.ruleVersion,
      reassignedFromTaskId: null,
      version: 1,
      createdAt: new Date(t.created_ms),
      updatedAt: new Date(t.updated_ms),
    } satisfies Omit<TaskAssignment, "household">);
  });
  return created.sort(
    (a, b) =>
      a.createdAt.getTime() - b.createdAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
}

/**
 * The open tasks of these households or wards, oldest first, locked for this transaction: a task
 * accepted meanwhile must not get a version it already has, or a stale status in its history.
 */
export function lockOpenTasks(
  tx: EntityManager,
  of: { householdIds: string[] } | { wardIds: string[] },
): Promise<TaskAssignment[]> {
  const where =
    "householdIds" in of ? { householdId: In(of.householdIds) } : { wardId: In(of.wardIds) };
  return tx.getRepository(TaskAssignment).find({
    where: { ...where, status: In(OPEN_TASK_STATUSES) },
    order: { createdAt: "ASC", id: "ASC" },
    lock: { mode: "pessimistic_write" },
  });
}

/**
 * Changes tasks the caller holds locked: sets the patch (the same for all, or one per task), bumps
 * each version, sets updatedAt, and writes one `kind` event per task with its before and after.
 * A patch shared by all tasks is one UPDATE however many tasks there are. The tasks are updated in
 * place; returns the events written, in the order of the tasks.
 */
export async function changeTasks(
  tx: EntityManager,
  actor: Actor,
  tasks: TaskAssignment[],
  patch: TaskPatch | ((task: TaskAssignment) => TaskPatch),
  kind: TaskEventKind,
  note: TaskEventNote | ((task: TaskAssignment) => TaskEventNote) = {},
): Promise<TaskEvent[]> {
  const befores = await updateTasks(tx, tasks, patch);
  return appendTaskEvents(
    tx,
    tasks.map((task, i) => ({
      task,
      kind,
      actor: actor.name,
      before: befores[i],
      ...(typeof note === "function" ? note(task) : note),
    })),
  );
}

/**
 * The first half of changeTasks, for a change that must write more before its events (a reassignment
 * inserts the successor): updates the tasks and returns their snapshots from before.
 */
export async function updateTasks(
  tx: EntityManager,
  tasks: TaskAssignment[],
  patch: TaskPatch | ((task: TaskAssignment) => TaskPatch),
): Promise<Record<string, unknown>[]> {
  if (tasks.length === 0) return [];
  const updatedAt = new Date();
  const changes = tasks.map((task) => {
    const before = snapshotOf(task);
    const fields = definedOnly(typeof patch === "function" ? patch(task) : patch);
    Object.assign(task, fields, { version: task.version + 1, updatedAt });
    return { task, fields, before };
  });
  if (typeof patch === "function" && tasks.length > 1) {
    for (const { task, fields } of changes)
      await tx
        .getRepository(TaskAssignment)
        .update({ id: task.id }, { ...fields, version: task.version, updatedAt });
  } else {
    // The tasks are locked, so each one's version in hand is its version in the database.
    await tx
      .createQueryBuilder()
      .update(TaskAssignment)
      .set({ ...changes[0].fields, version: () => "version + 1", updatedAt })
      .where("id = ANY(:ids)", { ids: tasks.map((t) => t.id) })
      .execute();
  }
  return changes.map((c) => c.before);
}

/**
 * Records events of tasks in their history, in one statement, announcing them to the feed (e.g. a
 * task falling overdue, a household's plan put at risk by a task). Returns the events written, in
 * the order given.
 */
export function recordTaskEvents(
  tx: EntityManager,
  actor: Actor,
  events: TaskEventRecord[],
): Promise<TaskEvent[]> {
  return appendTaskEvents(
    tx,
    events.map(({ task, kind, before, comment, alsoNotifyAgencyIds }) => ({
      task,
      kind,
      actor: actor.name,
      before: before === undefined ? snapshotOf(task) : before,
      comment,
      alsoNotifyAgencyIds,
    })),
  );
}

/** A step of a task's story: its event of `kind` happened `at`; the task was due `due`. */
export interface TaskStoryStep {
  task: string;
  kind: string;
  at: string;
  due: string | null;
}

/**
 * Dates tasks' histories as a story tells them (the demo city's plan under way): each step's event
 * gets the step's time, each task its first step's time as created, its last as updated, and the
 * story's due date. For seeding only: the tasks' versions and events are otherwise as written.
 */
export async function redateTaskHistory(tx: EntityManager, steps: TaskStoryStep[]): Promise<void> {
  const values = JSON.stringify(steps);
  const rows = `jsonb_to_recordset($1::jsonb) AS d(task uuid, kind text, at timestamptz, due date)`;
  await tx.query(
    `UPDATE task_event e SET at = d.at FROM ${rows} WHERE e.task_id = d.task AND e.kind = d.kind`,
    [values],
  );
  await tx.query(
    `UPDATE task_assignment t SET created_at = s.routed, updated_at = s.last, due_on = s.due
       FROM (SELECT task, min(at) AS routed, max(at) AS last, min(due) AS due FROM ${rows} GROUP BY task) s WHERE t.id = s.task`,
    [values],
  );
}

const definedOnly = (patch: TaskPatch): TaskPatch =>
  Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) as TaskPatch;
