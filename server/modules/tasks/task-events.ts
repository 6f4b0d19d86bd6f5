import type { EntityManager } from "typeorm";
import type { TaskAssignment } from "./task-assignment.entity";
import { TaskEvent, type TaskEventKind } from "./task-event.entity";

/** The PostgreSQL channel on which writers announce new task events; the payload is only the newest event id. */
export const TASK_EVENTS_CHANNEL = "task_events";

export interface NewTaskEvent {
  task: TaskAssignment;
  kind: TaskEventKind;
  actor: string;
  before: Record<string, unknown> | null;
  comment?: string | null;
  /** Agencies to notify besides the task's owner and supporters (e.g. the secretariat of a declined task). */
  alsoNotifyAgencyIds?: string[];
}

/** The task's fields recorded in an event's before/after, each with its column: snapshotOf and snapshotSql render the one list. */
const SNAPSHOT_FIELDS = [
  ["status", "status"],
  ["wardId", "ward_id"],
  ["ownerAgencyId", "owner_agency_id"],
  ["supportingAgencyIds", "supporting_agency_ids"],
  ["assignee", "assignee"],
  ["dueOn", "due_on"],
  ["notes", "notes"],
  ["outcome", "outcome"],
  ["declineReason", "decline_reason"],
  ["cancelReason", "cancel_reason"],
  ["needGone", "need_gone"],
  ["version", "version"],
] as const satisfies readonly (readonly [keyof TaskAssignment, string])[];

/** The task's fields as they are recorded in an event's before/after. */
export function snapshotOf(task: TaskAssignment): Record<string, unknown> {
  return Object.fromEntries(SNAPSHOT_FIELDS.map(([field]) => [field, task[field]]));
}

/**
 * snapshotOf in SQL, of the task row `alias` (for events written in the statement that writes the
 * task): the same keys and the same JSON values — ids and dates as strings, as the entity holds them.
 */
export function snapshotSql(alias: string): string {
  return `jsonb_build_object(${SNAPSHOT_FIELDS.map(([field, column]) => `'${field}', ${alias}.${column}`).join(", ")})`;
}

/**
 * Writes the events in the caller's transaction, in one statement, and announces them on
 * TASK_EVENTS_CHANNEL. PostgreSQL delivers the announcement only if and when the transaction
 * commits, so listeners never hear of rolled-back work. Returns the events written, in the order given.
 */
export async function appendTaskEvents(
  tx: EntityManager,
  events: NewTaskEvent[],
): Promise<TaskEvent[]> {
  if (events.length === 0) return [];
  const rows = events.map((e) => ({
    task_id: e.task.id,
    household_id: e.task.householdId,
    ward_id: e.task.wardId,
    owner_agency_id: e.task.ownerAgencyId,
    supporting_agency_ids: e.task.supportingAgencyIds,
    also_notify_agency_ids: e.alsoNotifyAgencyIds ?? [],
    kind: e.kind,
    actor: e.actor,
    before: e.before,
    after: snapshotOf(e.task),
    comment: e.comment ?? null,
  }));
  // Inserted in the order given (ORDER BY n), so their ids, drawn from the sequence in that order, sort them back.
  const inserted: { id: string; at: Date | string }[] = await tx.query(
    `INSERT INTO task_event (task_id, household_id, ward_id, owner_agency_id, supporting_agency_ids, also_notify_agency_ids, kind, actor, before, after, comment)
     SELECT r.task_id, r.household_id, r.ward_id, r.owner_agency_id, r.supporting_agency_ids, r.also_notify_agency_ids, r.kind, r.actor, r.before, r.after, r.comment
       FROM ROWS FROM (jsonb_to_recordset($1::jsonb) AS (task_id uuid, household_id uuid, ward_id uuid, owner_agency_id uuid,
            supporting_agency_ids uuid[], also_notify_agency_ids uuid[], kind text, actor text, before jsonb, after jsonb, comment text))
            WITH ORDINALITY AS r(task_id, household_id, ward_id, owner_agency_id, supporting_agency_ids, also_notify_agency_ids, kind, actor, before, after, comment, n)
      ORDER BY r.n
     RETURNING id::text AS id, at`,
    [JSON.stringify(rows)],
  );
  const written = inserted.sort((a, b) => (BigInt(a.id) < BigInt(b.id) ? -1 : 1));
  await tx.query(`SELECT pg_notify($1, $2)`, [TASK_EVENTS_CHANNEL, written[written.length - 1].id]);
  return written.map(({ id, at }, i) =>
    Object.assign(new TaskEvent(), {
      id,
      at: new Date(at),
      taskId: rows[i].task_id,
      householdId: rows[i].household_id,
      wardId: rows[i].ward_id,
      ownerAgencyId: rows[i].owner_agency_id,
      supportingAgencyIds: rows[i].supporting_agency_ids,
      alsoNotifyAgencyIds: rows[i].also_notify_agency_ids,
      kind: rows[i].kind,
      actor: rows[i].actor,
      before: rows[i].before,
      after: rows[i].after,
      comment: rows[i].comment,
    }),
  );
}
