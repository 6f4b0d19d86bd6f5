import type { DataSource } from "typeorm";
import type { Actor } from "../../shared/actor";

/** One instance folds at a time; the others skip that run. */
const FOLD_LOCK = 5_402_026;
/** Each maintained count and the columns it counts households by (migration HouseholdProfileCounts). */
export const HOUSEHOLD_COUNTS = [
  {
    table: "household_profile_count",
    key: "area, classification, classified_in_review_id, deprivations, poverty_causes",
  },
  { table: "household_ward_count", key: "ward_id, area, classification, classified_in_review_id" },
  // The household plans' counts the forecast sums (migration HouseholdPlans).
  {
    table: "household_plan_count",
    key: "ward_id, classification, year, superseded_in, status, target_year, risk_reasons",
  },
];

/**
 * The household counts that stats questions sum instead of reading every household. Triggers
 * append a signed row per key and changing statement; folding keeps each table about as small as
 * the number of keys in use.
 */
export class HouseholdProfileCountService {
  constructor(private readonly db: DataSource) {}

  /** Replaces the rows of every key with their sum, dropping keys no household has; writes nothing to a table already folded. */
  async fold(_actor: Actor): Promise<void> {
    await this.db.transaction(async (tx) => {
      const [{ locked }] = await tx.query(`SELECT pg_try_advisory_xact_lock($1) AS locked`, [
        FOLD_LOCK,
      ]);
      if (!locked) return;
      for (const { table, key } of HOUSEHOLD_COUNTS) {
        const [{ folded }] = await tx.query(
          `SELECT count(*) = count(DISTINCT (${key})) AND bool_and(households > 0) AS folded FROM ${table}`,
        );
        if (folded !== false) continue;
        // Rows appended meanwhile by other transactions are not in this snapshot: they stay, unfolded.
        await tx.query(
          `WITH gone AS (DELETE FROM ${table} RETURNING *) INSERT INTO ${table} SELECT ${key}, sum(households) FROM gone GROUP BY ${key} HAVING sum(households) <> 0`,
        );
      }
    });
  }
}
