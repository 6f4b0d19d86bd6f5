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
];
const kindCheck = (kinds: string[]) => `CHECK (kind IN (${kinds.map((k) => `'${k}'`).join(", ")}))`;

/**
 * Escalation of overdue tasks (one row per task, due date and overdue step: the primary key is what makes an
 * escalation happen once however many instances run the job), the funding ledger (sources, yearly
 * budgets, allocations to tasks and their spending, in whole VND) and capacity-building sessions.
 */
export class MonitoringFundingTraining1764310000000 implements MigrationInterface {
  name = "MonitoringFundingTraining1764310000000";

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE task_event DROP CONSTRAINT task_event_kind_check;
      ALTER TABLE task_event ADD CONSTRAINT task_event_kind_check ${kindCheck([...KINDS_BEFORE, "OVERDUE"])};

      CREATE TABLE task_escalation (
        task_id uuid NOT NULL REFERENCES task_assignment(id),
        step smallint NOT NULL CHECK (step >= 1),
        due_on date NOT NULL,
        escalated_at timestamptz NOT NULL DEFAULT now(),
        -- Per due date: a task given a new deadline is escalated anew when that one passes.
        PRIMARY KEY (task_id, due_on, step)
      );
      CREATE INDEX task_assignment_open_due ON task_assignment (due_on) WHERE status IN ('ROUTED', 'ACCEPTED', 'IN_PROGRESS');

      CREATE TABLE funding_source (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        code text NOT NULL UNIQUE CHECK (code ~ '^[A-Z][A-Z0-9_]*$'),
        name text NOT NULL,
        kind text NOT NULL CHECK (kind IN ('CITY_BUDGET', 'NATIONAL_PROGRAMME', 'POLICY_CREDIT', 'FOR_THE_POOR_FUND', 'CONTRIBUTIONS')),
        legal_basis text
      );
      INSERT INTO funding_source (code, name, kind, legal_basis) VALUES
        ('DECISION_1194', 'Vốn chương trình (Quyết định 1194/QĐ-UBND)', 'CITY_BUDGET', 'Quyết định 1194/QĐ-UBND ngày 05/3/2024'),
        ('DECISION_1195', 'Vốn đối ứng (Quyết định 1195/QĐ-UBND)', 'CITY_BUDGET', 'Quyết định 1195/QĐ-UBND ngày 05/3/2024'),
        ('NATIONAL_PROGRAMME', 'Vốn Chương trình MTQG giảm nghèo bền vững', 'NATIONAL_PROGRAMME', 'Quyết định 90/QĐ-TTg ngày 18/01/2022'),
        ('SOCIAL_POLICY_CREDIT', 'Tín dụng chính sách (Ngân hàng Chính sách xã hội)', 'POLICY_CREDIT', NULL),
        ('FOR_THE_POOR_FUND', 'Quỹ "Vì người nghèo" (Ủy ban MTTQ)', 'FOR_THE_POOR_FUND', NULL),
        ('CONTRIBUTIONS', 'Đóng góp của người dân, doanh nghiệp, tổ chức', 'CONTRIBUTIONS', NULL);
      CREATE TABLE funding_budget (
        source_id uuid NOT NULL REFERENCES funding_source(id),
        year smallint NOT NULL CHECK (year BETWEEN 2000 AND 2100),
        amount bigint NOT NULL CHECK (amount >= 0),
        PRIMARY KEY (source_id, year)
      );
      CREATE TABLE funding_allocation (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        source_id uuid NOT NULL,
        year smallint NOT NULL,
        task_id uuid NOT NULL REFERENCES task_assignment(id),
        amount bigint NOT NULL CHECK (amount > 0),
        allocated_by text NOT NULL,
        allocated_at timestamptz NOT NULL DEFAULT now(),
        spent_amount bigint CHECK (spent_amount >= 0 AND spent_amount <= amount),
        spent_at timestamptz,
        -- A cancelled or reassigned task's money goes back to the budget.
        released_at timestamptz,
        FOREIGN KEY (source_id, year) REFERENCES funding_budget (source_id, year),
        CONSTRAINT funding_allocation_spent_once CHECK ((spent_amount IS NULL) = (spent_at IS NULL))
      );
      CREATE INDEX funding_allocation_budget ON funding_allocation (source_id, year);
      CREATE INDEX funding_allocation_task ON funding_allocation (task_id);

      CREATE TABLE training_session (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        held_on date NOT NULL,
        topic text NOT NULL CHECK (length(topic) BETWEEN 1 AND 500),
        organiser_agency_id uuid NOT NULL REFERENCES agency(id),
        officials_attending integer NOT NULL CHECK (officials_attending >= 0),
        village_officers_attending integer NOT NULL CHECK (village_officers_attending >= 0),
        recorded_by text NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT training_session_has_attendees CHECK (officials_attending + village_officers_attending > 0)
      );
      CREATE INDEX training_session_held_on ON training_session (held_on);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE training_session;
      DROP TABLE funding_allocation;
      DROP TABLE funding_budget;
      DROP TABLE funding_source;
      DROP INDEX task_assignment_open_due;
      DROP TABLE task_escalation;
      DELETE FROM task_event WHERE kind = 'OVERDUE';
      ALTER TABLE task_event DROP CONSTRAINT task_event_kind_check;
      ALTER TABLE task_event ADD CONSTRAINT task_event_kind_check ${kindCheck(KINDS_BEFORE)};
    `);
  }
}
