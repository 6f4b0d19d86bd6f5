import type { DataSource } from "typeorm";
import { In } from "typeorm";
import { Agency } from "../agencies";
import { systemActor, type Actor } from "../../shared/actor";
import {
  TaskAssignment,
  TaskEventKind,
  TaskHooks,
  WORKING_TASK_STATUSES,
  recordTaskEvents,
} from "../tasks";

/** Days past the due date at which a task is escalated again: the day after, a week, a month. */
export const OVERDUE_STEPS_DAYS = [1, 7, 30];
const BATCH = 500;
/** Who history says escalated a task: the platform's scheduled job. */
export const ESCALATION_ACTOR = systemActor("deadline-escalation");

/**
 * Escalates open tasks past their due date: an OVERDUE event per task and overdue step, heard by
 * the task's ward, its agencies and the secretariat (LABOUR). The escalation row's primary key
 * (task, step) is inserted in the same transaction as the event, so however many instances run
 * this at once, each step of each task is escalated exactly once. A task found several steps late
 * is escalated at its latest step only.
 */
export class OverdueEscalationService {
  constructor(
    private readonly db: DataSource,
    /** Other modules' reactions to task changes: falling due is a change others follow, told in the escalating transaction. */
    private readonly hooks: TaskHooks = new TaskHooks(),
  ) {}

  /** Escalates everything due by `today` (default: the database's current date, as the overdue filters use); returns how many escalations it made. */
  async escalateDue(actor: Actor, today?: string): Promise<number> {
    let total = 0;
    for (;;) {
      const made = await this.db.transaction(async (tx) => {
        const escalated: { task_id: string; step: number; days: number }[] = await tx.query(
          `WITH late AS (
             SELECT t.id, t.due_on, coalesce(CAST($1 AS date), current_date) - t.due_on AS days,
                    (SELECT max(s.step) FROM unnest(CAST($2 AS int[])) WITH ORDINALITY AS s(days, step) WHERE coalesce(CAST($1 AS date), current_date) - t.due_on >= s.days) AS step
               FROM task_assignment t
              WHERE t.status = ANY($3) AND t.due_on < coalesce(CAST($1 AS date), current_date)
           )
           INSERT INTO task_escalation (task_id, step, due_on)
           SELECT l.id, l.step, l.due_on FROM late l
            WHERE NOT EXISTS (SELECT 1 FROM task_escalation e WHERE e.task_id = l.id AND e.due_on = l.due_on AND e.step >= l.step)
            ORDER BY l.due_on, l.id
            LIMIT ${BATCH}
           ON CONFLICT DO NOTHING
           RETURNING task_id, step, coalesce(CAST($1 AS date), current_date) - due_on AS days`,
          [today ?? null, OVERDUE_STEPS_DAYS, WORKING_TASK_STATUSES],
        );
        if (escalated.length === 0) return 0;
        const secretariat = await tx.getRepository(Agency).findOneBy({ isSecretariat: true });
        const tasks = await tx.getRepository(TaskAssignment).find({
          where: { id: In(escalated.map((e) => e.task_id)) },
          order: { dueOn: "ASC", id: "ASC" },
        });
        const byTask = new Map(escalated.map((e) => [e.task_id, e]));
        await recordTaskEvents(
          tx,
          actor,
          tasks.map((task) => {
            const { step, days } = byTask.get(task.id)!;
            return {
              task,
              kind: TaskEventKind.OVERDUE,
              comment: `overdue by ${days} day${days === 1 ? "" : "s"} (due ${task.dueOn}): escalation step ${step} of ${OVERDUE_STEPS_DAYS.length}`,
              alsoNotifyAgencyIds: secretariat ? [secretariat.id] : [],
            };
          }),
        );
        await this.hooks.changed(tx, actor, tasks);
        return escalated.length;
      });
      total += made;
      if (made < BATCH) return total;
    }
  }
}
