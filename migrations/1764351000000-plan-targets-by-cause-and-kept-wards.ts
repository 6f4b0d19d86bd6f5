import type { MigrationInterface, QueryRunner } from "typeorm";

/** Section III.4's totals count the workers poor for want of knowledge or skills (5, 6) or through illness (7). */
const BY_CAUSE_TARGETS = [
  "PLAN.VOCATIONAL_TRAINING.BY_CAUSE",
  "PLAN.JOB_REFERRAL.BY_CAUSE",
  "PLAN.COMMUNITY_PRODUCTION_PROJECT.BY_CAUSE",
  "PLAN.VOCATIONAL_TRAINING.SECTION_V1",
];
const KEPT_AT_ZERO_NOTE =
  "One of the 12 localities kept at zero poor households; the plan's appendix naming them is not at hand, so they are the wards without a poor household in the 2023 baseline review.";

/**
 * Plan targets loaded before these corrections (a fresh database gets them from the plan data):
 *
 * - the III.4 totals named no causes, so they counted every task of their measure (89 job
 *   referrals against 62 workers) — they now name causes 5, 6 and 7 like their groups;
 * - the 12 wards kept at zero poor households in 2024 had no per-ward target: each gets one, the
 *   wards being those without a poor household in the baseline review (the plan's appendix is not at hand).
 */
export class PlanTargetsByCauseAndKeptWards1764351000000 implements MigrationInterface {
  name = "PlanTargetsByCauseAndKeptWards1764351000000";

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `UPDATE plan_target SET poverty_causes = '{5,6,7}' WHERE poverty_causes IS NULL AND code = ANY($1)`,
      [BY_CAUSE_TARGETS],
    );
    await q.query(
      `INSERT INTO plan_target (code, metric, year, ward_id, value, unit, plan_section, note)
       SELECT '2024.POOR_HOUSEHOLDS.WARD_' || w.code, 'POOR_HOUSEHOLDS', 2024, w.id, 0, 'HOUSEHOLDS', 'II.2', $1
         FROM ward w JOIN review rv ON rv.baseline
        WHERE EXISTS (SELECT 1 FROM plan_target WHERE code = '2024.WARDS_WITHOUT_POOR_HOUSEHOLDS.KEPT')
          AND NOT EXISTS (SELECT 1 FROM plan_target t WHERE t.metric = 'POOR_HOUSEHOLDS' AND t.year = 2024 AND t.ward_id = w.id)
          AND NOT EXISTS (SELECT 1 FROM household_review_result r WHERE r.review_id = rv.id AND r.ward_id = w.id AND r.classification = 'POOR')`,
      [KEPT_AT_ZERO_NOTE],
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      `DELETE FROM plan_target WHERE metric = 'POOR_HOUSEHOLDS' AND year = 2024 AND note = $1`,
      [KEPT_AT_ZERO_NOTE],
    );
    await q.query(`UPDATE plan_target SET poverty_causes = NULL WHERE code = ANY($1)`, [
      BY_CAUSE_TARGETS,
    ]);
  }
}
