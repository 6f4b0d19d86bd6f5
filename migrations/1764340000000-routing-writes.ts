import type { MigrationInterface, QueryRunner } from "typeorm";

const EVENT_COPIES = [
  { column: "household_id", references: "household" },
  { column: "ward_id", references: "ward" },
  { column: "owner_agency_id", references: "agency" },
];

/**
 * Less work per routed task, measured on a 100,000-household province:
 *
 * - Routing skips a need whose task was completed or cancelled. Without an index on just those
 *   tasks PostgreSQL answered that by reading the whole task table for every range of households
 *   routed (80 ms per range at 188,000 tasks, and growing with every task the country adds); with
 *   it, it reads only the closed tasks.
 * - An event's household, ward and owner are copies of its task's, written with the task in the
 *   same transaction, and the task's own foreign keys check them; checking each copy again cost
 *   every event three lookups (routing 2,941 → 3,266 households/s). The event keeps its key to the task.
 */
export class RoutingWrites1764340000000 implements MigrationInterface {
  name = "RoutingWrites1764340000000";

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE INDEX task_assignment_closed_need ON task_assignment (household_id, measure_id) WHERE status IN ('COMPLETED', 'CANCELLED');
      ALTER TABLE task_event ${EVENT_COPIES.map((c) => `DROP CONSTRAINT task_event_${c.column}_fkey`).join(", ")};
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE task_event ${EVENT_COPIES.map((c) => `ADD CONSTRAINT task_event_${c.column}_fkey FOREIGN KEY (${c.column}) REFERENCES ${c.references}(id)`).join(", ")};
      DROP INDEX task_assignment_closed_need;
    `);
  }
}
