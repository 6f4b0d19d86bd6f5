import type { MigrationInterface, QueryRunner } from "typeorm";

const KINDS_BEFORE = [
  "ROUTED",
  "ACCEPTED",
  "STARTED",
  "COMPLETED",
  "DECLINED",
  "CANCELLED",
  "REASSIGNED",
  "COMMENTED",
  "UPDATED",
  "NEED_GONE",
  "NEED_RETURNED",
  "MOVED",
  "OVERDUE",
];
/** What the forecast counts plans by. */
const PLAN_KEY = "ward_id, classification, year, superseded_in, status, target_year, risk_reasons";
const kindCheck = (kinds: string[]) => `CHECK (kind IN (${kinds.map((k) => `'${k}'`).join(", ")}))`;

/**
 * Household escape plans (issue 21): one plan per household and year, its mentors and funding lines
 * kept on the row (a handful each, always read with the plan), the risk reasons last evaluated, and
 * an audit trail of every change. A task change that puts a plan at risk is told to the ward's feed
 * as a task event of a new kind, PLAN_AT_RISK.
 *
 * The forecast counts millions of plans per ward: like the household counts (migration
 * HouseholdProfileCounts), statement triggers append signed counts per ward, classification, year,
 * status, target year and risk reasons, and the scheduled fold keeps the table small. A plan carries
 * its household's ward and classification (a trigger on household keeps them current) and the year
 * of the household's next plan (`superseded_in`), so "the plan in force for a year" is a key too.
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
        ward_id uuid NOT NULL,
        classification text NOT NULL,
        year smallint NOT NULL CHECK (year BETWEEN 2024 AND 2025),
        superseded_in smallint CHECK (superseded_in > year),
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

      CREATE TABLE household_plan_count (
        ward_id uuid NOT NULL,
        classification text NOT NULL,
        year smallint NOT NULL,
        superseded_in smallint,
        status text NOT NULL,
        target_year smallint,
        risk_reasons text[] NOT NULL,
        households integer NOT NULL
      );
      CREATE INDEX household_plan_count_ward ON household_plan_count (ward_id);

      CREATE FUNCTION count_household_plans() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        -- A transition table exists only for its own event: each branch names the ones it has.
        IF TG_OP = 'INSERT' THEN
          INSERT INTO household_plan_count SELECT ${PLAN_KEY}, count(*) FROM new_rows GROUP BY ${PLAN_KEY};
        ELSIF TG_OP = 'DELETE' THEN
          INSERT INTO household_plan_count SELECT ${PLAN_KEY}, -count(*) FROM old_rows GROUP BY ${PLAN_KEY};
        ELSE
          INSERT INTO household_plan_count
          SELECT ${PLAN_KEY}, sum(n) FROM (SELECT ${PLAN_KEY}, -1 AS n FROM old_rows UNION ALL SELECT ${PLAN_KEY}, 1 FROM new_rows) changed
           GROUP BY ${PLAN_KEY} HAVING sum(n) <> 0;
        END IF;
        RETURN NULL;
      END $$;
      CREATE TRIGGER household_plan_count_insert AFTER INSERT ON household_plan REFERENCING NEW TABLE AS new_rows
        FOR EACH STATEMENT EXECUTE FUNCTION count_household_plans();
      CREATE TRIGGER household_plan_count_update AFTER UPDATE ON household_plan REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
        FOR EACH STATEMENT EXECUTE FUNCTION count_household_plans();
      CREATE TRIGGER household_plan_count_delete AFTER DELETE ON household_plan REFERENCING OLD TABLE AS old_rows
        FOR EACH STATEMENT EXECUTE FUNCTION count_household_plans();

      -- A plan counts its household where and as the lists have it now.
      CREATE FUNCTION follow_household_on_plans() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE household_plan p SET ward_id = n.ward_id, classification = n.classification
          FROM new_rows n
         WHERE p.household_id = n.id AND (p.ward_id, p.classification) IS DISTINCT FROM (n.ward_id, n.classification);
        RETURN NULL;
      END $$;
      CREATE TRIGGER household_plan_follows_household AFTER UPDATE ON household REFERENCING NEW TABLE AS new_rows
        FOR EACH STATEMENT EXECUTE FUNCTION follow_household_on_plans();
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TRIGGER household_plan_follows_household ON household;
      DROP FUNCTION follow_household_on_plans();
      DROP TABLE household_plan_event;
      DROP TABLE household_plan;
      DROP FUNCTION count_household_plans();
      DROP TABLE household_plan_count;
      DELETE FROM task_event WHERE kind = 'PLAN_AT_RISK';
      ALTER TABLE task_event DROP CONSTRAINT task_event_kind_check;
      ALTER TABLE task_event ADD CONSTRAINT task_event_kind_check ${kindCheck(KINDS_BEFORE)};
    `);
  }
}
