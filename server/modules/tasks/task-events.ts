import type { EntityManager } from "typeorm";
import type { TaskAssignment } from "./task-assignment.entity";
import type { TaskEventKind } from "./task-event.entity";

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

/**
 * Hears of tasks a transaction changed, inside that transaction, after their events are written:
 * how another module (household plans) follows task changes without the tasks module knowing it.
 */
export type TaskChangeListener = (tx: EntityManager, actor: string, tasks: TaskAssignment[]) => Promise<void>;

/** The task's fields as they are recorded in an event's before/after. */
export function snapshotOf(task: TaskAssignment): Record<string, unknown> {
  return {
    status: task.status,
    wardId: task.wardId,
    ownerAgencyId: task.ownerAgencyId,
    supportingAgencyIds: task.supportingAgencyIds,
    assignee: task.assignee,
    dueOn: task.dueOn,
    notes: task.notes,
    outcome: task.outcome,
    declineReason: task.declineReason,
    cancelReason: task.cancelReason,
    needGone: task.needGone,
    version: task.version,
  };
}

/**
 * Writes the events in the caller's transaction, in one statement, and announces them on
 * TASK_EVENTS_CHANNEL. PostgreSQL delivers the announcement only if and when the transaction
 * commits, so listeners never hear of rolled-back work.
 */
export async function appendTaskEvents(tx: EntityManager, events: NewTaskEvent[]): Promise<void> {
  if (events.length === 0) return;
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
  const inserted: { id: string }[] = await tx.query(
    `INSERT INTO task_event (task_id, household_id, ward_id, owner_agency_id, supporting_agency_ids, also_notify_agency_ids, kind, actor, before, after, comment)
     SELECT r.task_id, r.household_id, r.ward_id, r.owner_agency_id, r.supporting_agency_ids, r.also_notify_agency_ids, r.kind, r.actor, r.before, r.after, r.comment
       FROM jsonb_to_recordset($1::jsonb) AS r(task_id uuid, household_id uuid, ward_id uuid, owner_agency_id uuid,
            supporting_agency_ids uuid[], also_notify_agency_ids uuid[], kind text, actor text, before jsonb, after jsonb, comment text)
     RETURNING id`,
    [JSON.stringify(rows)],
  );
  await tx.query(`SELECT pg_notify($1, $2)`, [TASK_EVENTS_CHANNEL, inserted[inserted.length - 1].id]);
}
