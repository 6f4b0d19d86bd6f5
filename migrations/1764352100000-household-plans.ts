import type { MigrationInterface, QueryRunner } from "typeorm";

const KINDS_BEFORE = ["ROUTED", "ACCEPTED", "STARTED", "COMPLETED", "DECLINED", "CANCELLED", "REASSIGNED", "COMMENTED", "UPDATED", "NEED_GONE", "NEED_RETURNED", "MOVED", "OVERDUE"];
const kindCheck = (kinds: string[]) => `CHECK (kind IN (${kinds.map((k) => `'${k}'`).join(", ")}))`;

/**
 * Household escape plans (issue 21): one plan per household and year, its mentors and funding lines
 * kept on the row (a handful each, always read with the plan), the risk reasons last evaluated, and
 * an audit trail of every change. A task change that puts a plan at risk is told to the ward's feed
 * as a task event of a new kind, PLAN_AT_RISK.
 */
export class HouseholdPlans1764352100000 implements MigrationInterface {
  name = "HouseholdPlans1764352100000";

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE task_event DROP CONSTRAINT task_event_kind_check;
      ALTER TABLE task_event ADD CONSTRAINT task_event_kind_check ${kindCheck([...KINDS_BEFORE, "PLAN_AT_RISK"])};

      CREATE TABLE household_plan (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        household_id uuid NOT NULL REFERENCES household(id),
        year smallint NOT NULL CHECK (year BETWEEN 2024 AND 2025),
        status text NOT NULL CHECK (status IN ('REGISTERED', 'EXPECTED', 'NOT_EXPECTED')),
        not_expected_reason text CHECK (not_expected_reason IN ('NO_WORKING_AGE_MEMBER', 'LONG_ILLNESS', 'DISABILITY', 'ELDERLY_ALONE', 'OTHER_PROTECTED')),
        target_year smallint CHECK (target_year BETWEEN 2024 AND 2025),
        production_model text,
        mentors jsonb NOT NULL DEFAULT '[]',
        funding_lines jsonb NOT NULL DEFAULT '[]',
        commitment_signed_on date,
        chair_approved_on date,
        risk_reasons text[] NOT NULL DEFAULT '{}',
        version integer NOT NULL DEFAULT 1 CHECK (version >= 1),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (household_id, year),
        CONSTRAINT household_plan_status_fields CHECK (
          (status = 'NOT_EXPECTED' AND not_expected_reason IS NOT NULL AND target_year IS NULL)
          OR (status <> 'NOT_EXPECTED' AND not_expected_reason IS NULL AND target_year >= year))
      );
      CREATE INDEX household_plan_year ON household_plan (year, created_at, id);
      -- "My households": plans whose mentors contain the user.
      CREATE INDEX household_plan_mentors ON household_plan USING gin (mentors jsonb_path_ops);

      CREATE TABLE household_plan_event (
        id bigserial PRIMARY KEY,
        plan_id uuid NOT NULL REFERENCES household_plan(id),
        kind text NOT NULL CHECK (kind IN ('CREATED', 'UPDATED', 'MEASURE_ADDED', 'FUNDING_LINE_ADDED', 'FUNDING_ALLOCATED', 'IMPORTED')),
        actor text NOT NULL,
        at timestamptz NOT NULL DEFAULT now(),
        before jsonb,
        after jsonb NOT NULL,
        comment text
      );
      CREATE INDEX household_plan_event_plan ON household_plan_event (plan_id, id);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE household_plan_event;
      DROP TABLE household_plan;
      DELETE FROM task_event WHERE kind = 'PLAN_AT_RISK';
      ALTER TABLE task_event DROP CONSTRAINT task_event_kind_check;
      ALTER TABLE task_event ADD CONSTRAINT task_event_kind_check ${kindCheck(KINDS_BEFORE)};
    `);
  }
}
