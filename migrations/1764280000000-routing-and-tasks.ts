import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Routing rules (versioned: a task keeps the version that made it), task assignments with their
 * workflow state, and the task event log that is both the audit trail and the only source of
 * notifications. Events carry the id of the transaction that wrote them (xid8) so readers can
 * deliver them in commit-safe order: see server/modules/notifications/task-event-feed.ts.
 */
export class RoutingAndTasks1764280000000 implements MigrationInterface {
  name = "RoutingAndTasks1764280000000";

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE support_measure ADD COLUMN default_due_days smallint CHECK (default_due_days > 0);
      ALTER TABLE household ADD COLUMN version integer NOT NULL DEFAULT 1 CHECK (version >= 1);
      -- The agency that receives declined tasks to re-route them (LABOUR in the plan); at most one.
      ALTER TABLE agency ADD COLUMN is_secretariat boolean NOT NULL DEFAULT false;
      CREATE UNIQUE INDEX agency_one_secretariat ON agency (is_secretariat) WHERE is_secretariat;

      CREATE TABLE routing_rule (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        code text NOT NULL UNIQUE CHECK (code ~ '^[A-Z0-9][A-Z0-9_.:-]*$'),
        current_version integer NOT NULL DEFAULT 1 CHECK (current_version >= 1),
        created_at timestamptz NOT NULL DEFAULT now()
      );

      CREATE TABLE routing_rule_version (
        rule_id uuid NOT NULL REFERENCES routing_rule(id),
        version integer NOT NULL CHECK (version >= 1),
        enabled boolean NOT NULL,
        deprivation text,
        poverty_cause smallint CHECK (poverty_cause BETWEEN 1 AND 8),
        classification text CHECK (classification IN ('POOR', 'NEAR_POOR', 'NOT_POOR')),
        ward_id uuid REFERENCES ward(id),
        area text CHECK (area IN ('URBAN', 'RURAL')),
        measure_id uuid NOT NULL REFERENCES support_measure(id),
        owner_agency_id uuid NOT NULL REFERENCES agency(id),
        supporting_agency_ids uuid[] NOT NULL DEFAULT '{}',
        description text,
        changed_by text NOT NULL,
        changed_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (rule_id, version),
        CONSTRAINT routing_rule_matches_one_thing CHECK (num_nonnulls(deprivation, poverty_cause, classification) = 1)
      );

      CREATE TABLE task_assignment (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        household_id uuid NOT NULL REFERENCES household(id),
        ward_id uuid NOT NULL REFERENCES ward(id),
        measure_id uuid NOT NULL REFERENCES support_measure(id),
        owner_agency_id uuid NOT NULL REFERENCES agency(id),
        supporting_agency_ids uuid[] NOT NULL DEFAULT '{}',
        status text NOT NULL CHECK (status IN ('ROUTED', 'ACCEPTED', 'IN_PROGRESS', 'COMPLETED', 'DECLINED', 'CANCELLED', 'REASSIGNED')),
        assignee text,
        due_on date,
        notes text,
        outcome text,
        decline_reason text,
        cancel_reason text,
        need_gone boolean NOT NULL DEFAULT false,
        rule_id uuid,
        rule_version integer,
        reassigned_from_task_id uuid REFERENCES task_assignment(id),
        version integer NOT NULL DEFAULT 1 CHECK (version >= 1),
        -- Millisecond precision, as JavaScript dates have, so keyset cursors compare exactly.
        created_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now()),
        updated_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now()),
        FOREIGN KEY (rule_id, rule_version) REFERENCES routing_rule_version (rule_id, version),
        CONSTRAINT task_completed_has_outcome CHECK (status <> 'COMPLETED' OR outcome IS NOT NULL),
        CONSTRAINT task_declined_has_reason CHECK (status <> 'DECLINED' OR decline_reason IS NOT NULL)
      );
      -- Routing is idempotent: at most one open task per household and measure.
      CREATE UNIQUE INDEX task_assignment_one_open_per_need ON task_assignment (household_id, measure_id)
        WHERE status IN ('ROUTED', 'ACCEPTED', 'IN_PROGRESS', 'DECLINED');
      CREATE INDEX task_assignment_owner ON task_assignment (owner_agency_id, status, created_at, id);
      CREATE INDEX task_assignment_ward ON task_assignment (ward_id, status, created_at, id);
      CREATE INDEX task_assignment_supporting ON task_assignment USING gin (supporting_agency_ids);
      CREATE INDEX task_assignment_household ON task_assignment (household_id);
      CREATE INDEX task_assignment_created ON task_assignment (created_at, id);

      CREATE TABLE task_event (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        tx_id xid8 NOT NULL DEFAULT pg_current_xact_id(),
        task_id uuid NOT NULL REFERENCES task_assignment(id),
        household_id uuid NOT NULL REFERENCES household(id),
        ward_id uuid NOT NULL REFERENCES ward(id),
        owner_agency_id uuid NOT NULL REFERENCES agency(id),
        supporting_agency_ids uuid[] NOT NULL,
        -- Agencies that must hear of this change though they neither own nor support the task.
        also_notify_agency_ids uuid[] NOT NULL DEFAULT '{}',
        kind text NOT NULL CHECK (kind IN ('ROUTED', 'ACCEPTED', 'STARTED', 'COMPLETED', 'DECLINED', 'CANCELLED', 'REASSIGNED', 'COMMENTED', 'UPDATED', 'NEED_GONE', 'NEED_RETURNED')),
        actor text NOT NULL,
        at timestamptz NOT NULL DEFAULT clock_timestamp(),
        before jsonb,
        after jsonb NOT NULL,
        comment text
      );
      CREATE INDEX task_event_position ON task_event (tx_id, id);
      CREATE INDEX task_event_task ON task_event (task_id, id);
      CREATE INDEX task_event_ward_position ON task_event (ward_id, tx_id, id);
      CREATE INDEX task_event_owner_position ON task_event (owner_agency_id, tx_id, id);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE task_event;
      DROP TABLE task_assignment;
      DROP TABLE routing_rule_version;
      DROP TABLE routing_rule;
      DROP INDEX agency_one_secretariat;
      ALTER TABLE agency DROP COLUMN is_secretariat;
      ALTER TABLE household DROP COLUMN version;
      ALTER TABLE support_measure DROP COLUMN default_due_days;
    `);
  }
}
