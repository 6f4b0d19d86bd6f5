import type { DataSource } from "typeorm";
import { badInput } from "../../shared/errors";
import type { PovertyRates, PovertyStanding } from "./poverty-rates.types";
import { wardValidOnSql } from "../../shared/ward-validity.sql";
import type { Actor } from "../../shared/actor";

type Counts = Omit<
  PovertyStanding,
  "wardId" | "householdsTotal" | "poorRate" | "nearPoorRate" | "multidimensionalRate"
>;
const CHANGES = [
  "escapedPoverty",
  "escapedNearPoverty",
  "newlyPoor",
  "rePoor",
  "newlyNearPoor",
] as const;
const COUNTS: (keyof Counts)[] = ["poor", "nearPoor", ...CHANGES];

/**
 * Poverty standing per ward and city at the end of a year, from the history of review results: a
 * household counts as its latest result by that day says, in the ward that carries it that day (so
 * a 2024 report shows the 2024 wards and a 2025 one their successors). The year's changes compare
 * each result of the year's reviews with the household's result before it; results of a baseline
 * review are the starting lists, not changes.
 */
export class PovertyRatesService {
  constructor(private readonly db: DataSource) {}

  /** The year's rates and changes; aggregates only, open to every role. Throws BAD_USER_INPUT for a year outside 2000–2100. */
  async ratesOf(actor: Actor, year: number): Promise<PovertyRates> {
    if (!Number.isInteger(year) || year < 2000 || year > 2100)
      throw badInput("error.input.year", {}, { argument: "year" });
    return { year, ...(await this.standingBetween(actor, `${year}-01-01`, `${year}-12-31`)) };
  }

  /**
   * Standing on `asOf` in the wards of that day, with the changes of reviews ending from `changesFrom`
   * to `asOf`; rates use the household totals of `asOf`'s year.
   */
  async standingBetween(
    _actor: Actor,
    changesFrom: string,
    asOf: string,
  ): Promise<Omit<PovertyRates, "year">> {
    const year = Number(asOf.slice(0, 4));
    const rows: (Counts & { ward_id: string; households_total: number | null })[] =
      await this.db.query(
        `WITH ward_map AS (SELECT w.id, ward_on(w.id, $1) AS ward_id FROM ward w),
       results AS (
         SELECT x.household_id, m.ward_id, x.classification, r.ends_on, r.baseline,
                row_number() OVER w_desc AS recency,
                lag(x.classification) OVER w_asc AS previous,
                coalesce(bool_or(x.classification = 'POOR') OVER (w_asc ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), false) AS poor_before
           FROM household_review_result x
           JOIN review r ON r.id = x.review_id AND r.ends_on <= $1
           JOIN ward_map m ON m.id = x.ward_id
         WINDOW w_asc AS (PARTITION BY x.household_id ORDER BY r.ends_on, r.starts_on, r.id),
                w_desc AS (PARTITION BY x.household_id ORDER BY r.ends_on DESC, r.starts_on DESC, r.id DESC)
       ),
       changes AS (
         SELECT ward_id,
                CASE WHEN previous = 'POOR' AND classification <> 'POOR' THEN 'escapedPoverty'
                     WHEN previous = 'NEAR_POOR' AND classification = 'NOT_POOR' THEN 'escapedNearPoverty'
                     WHEN classification = 'POOR' AND previous IS DISTINCT FROM 'POOR' THEN CASE WHEN poor_before THEN 'rePoor' ELSE 'newlyPoor' END
                     WHEN classification = 'NEAR_POOR' AND (previous IS NULL OR previous = 'NOT_POOR') THEN 'newlyNearPoor'
                END AS change
           FROM results WHERE ends_on >= CAST($3 AS date) AND NOT baseline
       ),
       standing AS (
         SELECT ward_id, count(*) FILTER (WHERE classification = 'POOR') AS poor, count(*) FILTER (WHERE classification = 'NEAR_POOR') AS near_poor
           FROM results WHERE recency = 1 GROUP BY ward_id
       ),
       change_counts AS (
         SELECT ward_id, ${CHANGES.map((c) => `count(*) FILTER (WHERE change = '${c}') AS "${c}"`).join(", ")}
           FROM changes GROUP BY ward_id
       )
       SELECT w.id AS ward_id, t.households_total,
              CAST(coalesce(s.poor, 0) AS int) AS poor, CAST(coalesce(s.near_poor, 0) AS int) AS "nearPoor",
              ${CHANGES.map((c) => `CAST(coalesce(c."${c}", 0) AS int) AS "${c}"`).join(", ")}
         FROM ward w
         LEFT JOIN standing s ON s.ward_id = w.id
         LEFT JOIN change_counts c ON c.ward_id = w.id
         LEFT JOIN ward_household_total t ON t.ward_id = w.id AND t.year = $2
        WHERE ${wardValidOnSql("w", "$1")}
        ORDER BY w.code`,
        [asOf, year, changesFrom],
      );
    const wards = rows.map((r) => standing(r.ward_id, r.households_total, r));
    const cityTotal = rows.some((r) => r.households_total === null)
      ? null
      : rows.reduce((n, r) => n + r.households_total!, 0);
    const cityCounts = Object.fromEntries(
      COUNTS.map((k) => [k, rows.reduce((n, r) => n + r[k], 0)]),
    ) as Counts;
    return { asOf, city: standing(null, cityTotal, cityCounts), wards };
  }
}

/** Per 100 households, to four decimals (the plan states rates such as 0.19 %). */
const percent = (count: number, total: number | null) =>
  total ? Math.round((count * 100 * 10_000) / total) / 10_000 : null;

function standing(
  wardId: string | null,
  householdsTotal: number | null,
  counts: Counts,
): PovertyStanding {
  const picked = Object.fromEntries(COUNTS.map((k) => [k, counts[k]])) as Counts;
  return {
    wardId,
    householdsTotal,
    ...picked,
    poorRate: percent(counts.poor, householdsTotal),
    nearPoorRate: percent(counts.nearPoor, householdsTotal),
    multidimensionalRate: percent(counts.poor + counts.nearPoor, householdsTotal),
  };
}
