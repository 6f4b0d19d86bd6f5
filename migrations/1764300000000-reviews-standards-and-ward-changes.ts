import type { MigrationInterface, QueryRunner } from "typeorm";

const TASK_EVENT_KINDS = [
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
];
const kindCheck = (kinds: string[]) => `CHECK (kind IN (${kinds.map((k) => `'${k}'`).join(", ")}))`;

/**
 * Poverty standards as dated data, each household's classification per review (the history the
 * escaped / newly poor / re-poor counts come from), administrative changes of the ward map, and
 * the log of spreadsheet imports. `ward_on` follows administrative changes from a ward to the one
 * that carries its households on a date, so reports of any year group by the ward of that year.
 */
export class ReviewsStandardsAndWardChanges1764300000000 implements MigrationInterface {
  name = "ReviewsStandardsAndWardChanges1764300000000";

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE poverty_standard (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        code text NOT NULL UNIQUE CHECK (code ~ '^[A-Z0-9][A-Z0-9_.-]*$'),
        name text NOT NULL,
        legal_basis text,
        valid_from date NOT NULL,
        valid_until date,
        rural_income_threshold integer NOT NULL CHECK (rural_income_threshold > 0),
        urban_income_threshold integer NOT NULL CHECK (urban_income_threshold > 0),
        rural_score_threshold smallint CHECK (rural_score_threshold > 0),
        urban_score_threshold smallint CHECK (urban_score_threshold > 0),
        min_deprivations_for_poor smallint NOT NULL CHECK (min_deprivations_for_poor BETWEEN 1 AND 12),
        recorded_by text NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT poverty_standard_validity_ordered CHECK (valid_until IS NULL OR valid_until > valid_from),
        CONSTRAINT poverty_standard_one_in_force EXCLUDE USING gist (daterange(valid_from, valid_until) WITH &&)
      );
      INSERT INTO poverty_standard (code, name, legal_basis, valid_from, valid_until, rural_income_threshold, urban_income_threshold,
                                    rural_score_threshold, urban_score_threshold, min_deprivations_for_poor, recorded_by)
      VALUES ('2022-2025', 'Chuẩn nghèo đa chiều giai đoạn 2022–2025', 'Nghị định 07/2021/NĐ-CP; Thông tư 07/2021/TT-BLĐTBXH',
              '2022-01-01', '2026-01-01', 1500000, 2000000, 140, 175, 3, 'migration');

      ALTER TABLE household ADD COLUMN income_score smallint CHECK (income_score >= 0);

      -- A household's recorded classification against the standard in force on the last day of the
      -- review that recorded it: income at or below the threshold (score A when recorded, else income
      -- per person) and the deprivation count. Unknown income leaves only the deprivation count to check.
      CREATE VIEW household_classification_check AS
      SELECT x.*,
             CASE WHEN x.income_at_or_below_threshold IS FALSE THEN 'NOT_POOR'
                  WHEN x.income_at_or_below_threshold THEN CASE WHEN x.deprivation_count >= x.min_deprivations_for_poor THEN 'POOR' ELSE 'NEAR_POOR' END
             END AS expected_classification,
             CASE WHEN x.standard_id IS NULL THEN NULL
                  WHEN x.income_at_or_below_threshold IS FALSE THEN x.classification <> 'NOT_POOR'
                  WHEN x.income_at_or_below_threshold THEN x.classification <> CASE WHEN x.deprivation_count >= x.min_deprivations_for_poor THEN 'POOR' ELSE 'NEAR_POOR' END
                  ELSE (x.classification = 'POOR' AND x.deprivation_count < x.min_deprivations_for_poor)
                    OR (x.classification = 'NEAR_POOR' AND x.deprivation_count >= x.min_deprivations_for_poor)
             END AS disagrees
        FROM (
          SELECT y.*,
                 CASE WHEN y.income_basis = 'SCORE' THEN y.income_value <= y.income_threshold
                      WHEN y.income_basis = 'INCOME' THEN y.income_value <= y.income_threshold END AS income_at_or_below_threshold
            FROM (
              SELECT h.id AS household_id, h.classification, s.id AS standard_id, COALESCE(r.ends_on, current_date) AS checked_on,
                     cardinality(h.deprivations) AS deprivation_count, s.min_deprivations_for_poor,
                     CASE WHEN s.id IS NULL THEN NULL
                          WHEN h.income_score IS NOT NULL AND (CASE h.area WHEN 'RURAL' THEN s.rural_score_threshold ELSE s.urban_score_threshold END) IS NOT NULL THEN 'SCORE'
                          WHEN h.income_per_person_monthly IS NOT NULL THEN 'INCOME' END AS income_basis,
                     CASE WHEN h.income_score IS NOT NULL AND (CASE h.area WHEN 'RURAL' THEN s.rural_score_threshold ELSE s.urban_score_threshold END) IS NOT NULL
                          THEN h.income_score ELSE h.income_per_person_monthly END AS income_value,
                     CASE WHEN h.income_score IS NOT NULL AND (CASE h.area WHEN 'RURAL' THEN s.rural_score_threshold ELSE s.urban_score_threshold END) IS NOT NULL
                          THEN (CASE h.area WHEN 'RURAL' THEN s.rural_score_threshold ELSE s.urban_score_threshold END)
                          ELSE (CASE h.area WHEN 'RURAL' THEN s.rural_income_threshold ELSE s.urban_income_threshold END) END AS income_threshold
                FROM household h
                LEFT JOIN review r ON r.id = h.classified_in_review_id
                LEFT JOIN poverty_standard s ON daterange(s.valid_from, s.valid_until) @> COALESCE(r.ends_on, current_date)
            ) y
        ) x;

      CREATE TABLE household_review_result (
        review_id uuid NOT NULL REFERENCES review(id),
        household_id uuid NOT NULL REFERENCES household(id),
        ward_id uuid NOT NULL REFERENCES ward(id),
        classification text NOT NULL CHECK (classification IN ('POOR', 'NEAR_POOR', 'NOT_POOR')),
        area text NOT NULL CHECK (area IN ('URBAN', 'RURAL')),
        income_per_person_monthly integer CHECK (income_per_person_monthly >= 0),
        income_score smallint CHECK (income_score >= 0),
        deprivations text[] NOT NULL,
        poverty_causes smallint[] NOT NULL,
        recorded_by text NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (review_id, household_id)
      );
      CREATE INDEX household_review_result_household ON household_review_result (household_id);
      CREATE INDEX household_review_result_ward ON household_review_result (ward_id, review_id);
      CREATE INDEX review_ends_on ON review (ends_on);
      -- A baseline review's results are the lists the platform starts from, not changes of that year.
      ALTER TABLE review ADD COLUMN baseline boolean NOT NULL DEFAULT false;

      CREATE TABLE administrative_change (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        successor_ward_id uuid NOT NULL REFERENCES ward(id),
        effective_on date NOT NULL,
        legal_basis text,
        recorded_by text NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        -- Set once, by whichever instance moved the households and open tasks.
        applied_at timestamptz
      );
      CREATE INDEX administrative_change_pending ON administrative_change (effective_on) WHERE applied_at IS NULL;
      CREATE TABLE administrative_change_predecessor (
        change_id uuid NOT NULL REFERENCES administrative_change(id),
        -- A ward ends once: it is the predecessor in at most one change.
        ward_id uuid NOT NULL UNIQUE REFERENCES ward(id),
        PRIMARY KEY (change_id, ward_id)
      );

      CREATE FUNCTION ward_on(start_ward uuid, on_date date) RETURNS uuid LANGUAGE sql STABLE AS $fn$
        WITH RECURSIVE chain (ward_id, depth) AS (
          SELECT start_ward, 0
          UNION ALL
          SELECT c.successor_ward_id, chain.depth + 1
            FROM chain
            JOIN administrative_change_predecessor p ON p.ward_id = chain.ward_id
            JOIN administrative_change c ON c.id = p.change_id AND c.effective_on <= on_date
           WHERE chain.depth < 50
        )
        SELECT ward_id FROM chain ORDER BY depth DESC LIMIT 1
      $fn$;

      CREATE TABLE household_import (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        ward_id uuid NOT NULL REFERENCES ward(id),
        review_id uuid NOT NULL REFERENCES review(id),
        file_name text NOT NULL,
        file_sha256 text NOT NULL,
        imported_by text NOT NULL,
        imported_at timestamptz NOT NULL DEFAULT now(),
        rows_read integer NOT NULL,
        households_created integer NOT NULL,
        households_updated integer NOT NULL,
        households_unchanged integer NOT NULL
      );

      ALTER TABLE task_event DROP CONSTRAINT task_event_kind_check;
      ALTER TABLE task_event ADD CONSTRAINT task_event_kind_check ${kindCheck([...TASK_EVENT_KINDS, "MOVED"])};
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DELETE FROM task_event WHERE kind = 'MOVED';
      ALTER TABLE task_event DROP CONSTRAINT task_event_kind_check;
      ALTER TABLE task_event ADD CONSTRAINT task_event_kind_check ${kindCheck(TASK_EVENT_KINDS)};
      DROP TABLE household_import;
      DROP FUNCTION ward_on(uuid, date);
      DROP TABLE administrative_change_predecessor;
      DROP TABLE administrative_change;
      ALTER TABLE review DROP COLUMN baseline;
      DROP INDEX review_ends_on;
      DROP TABLE household_review_result;
      DROP VIEW household_classification_check;
      ALTER TABLE household DROP COLUMN income_score;
      DROP TABLE poverty_standard;
    `);
  }
}
