import type { DataSource, EntityManager } from "typeorm";
import type { Actor } from "../../shared/actor";
import { todayIso } from "../../shared/dates";
import { badInput } from "../../shared/errors";
import { HouseholdReviewResult } from "./household-review-result.entity";
import { reviewPeriodOf } from "./review-period";
import { Review } from "./review.entity";

/** Creates a review with its period as given (the plan's baseline), in the caller's transaction; `byCode` creates the others on first use. Returns it as stored. */
export function createReview(
  _actor: Actor,
  tx: EntityManager,
  review: Omit<Review, "id">,
): Promise<Review> {
  return tx.save(Review, tx.create(Review, review));
}

/** A household's result in a review, as recorded. */
export type NewReviewResult = Pick<
  HouseholdReviewResult,
  | "householdId"
  | "wardId"
  | "classification"
  | "area"
  | "incomePerPersonMonthly"
  | "incomeScore"
  | "deprivations"
  | "povertyCauses"
>;

export class ReviewService {
  constructor(private readonly db: DataSource) {}

  /** Every review with results on record, oldest first: public to every role. */
  list(_actor: Actor): Promise<Review[]> {
    return this.db.getRepository(Review).find({ order: { endsOn: "ASC", code: "ASC" } });
  }

  /** The reviews with the ids, for the per-request loader. */
  byIds(_actor: Actor, ids: readonly string[]): Promise<Review[]> {
    return this.db
      .getRepository(Review)
      .createQueryBuilder("r")
      .where("r.id = ANY(:ids)", { ids })
      .getMany();
  }

  /**
   * The review a code names, created with its regulation period on first use. Throws BAD_USER_INPUT
   * for a code that names none, or a review not begun yet (a mistyped year would lock households).
   */
  async byCode(_actor: Actor, tx: EntityManager, code: string): Promise<Review> {
    const period = reviewPeriodOf(code);
    if (period.startsOn > todayIso())
      throw badInput(
        "error.review.notBegun",
        { code: period.code, startsOn: period.startsOn },
        { argument: "review" },
      );
    await tx.query(
      `INSERT INTO review (code, kind, starts_on, ends_on) VALUES ($1, $2, $3, $4) ON CONFLICT (code) DO NOTHING`,
      [period.code, period.kind, period.startsOn, period.endsOn],
    );
    return tx.getRepository(Review).findOneByOrFail({ code: period.code });
  }

  /** Records (or replaces) the households' results in the review, in the caller's transaction. */
  async recordResults(
    actor: Actor,
    tx: EntityManager,
    review: Review,
    results: NewReviewResult[],
  ): Promise<void> {
    if (results.length === 0) return;
    await tx.query(
      `INSERT INTO household_review_result AS x (review_id, household_id, ward_id, classification, area, income_per_person_monthly, income_score, deprivations, poverty_causes, recorded_by)
       SELECT $1, r."householdId", r."wardId", r.classification, r.area, r."incomePerPersonMonthly", r."incomeScore",
              ARRAY(SELECT jsonb_array_elements_text(r.deprivations)), ARRAY(SELECT CAST(jsonb_array_elements_text(r."povertyCauses") AS smallint)), $3
         FROM jsonb_to_recordset($2::jsonb) AS r("householdId" uuid, "wardId" uuid, classification text, area text,
              "incomePerPersonMonthly" integer, "incomeScore" smallint, deprivations jsonb, "povertyCauses" jsonb)
       ON CONFLICT (review_id, household_id) DO UPDATE SET
         ward_id = EXCLUDED.ward_id, classification = EXCLUDED.classification, area = EXCLUDED.area,
         income_per_person_monthly = EXCLUDED.income_per_person_monthly, income_score = EXCLUDED.income_score,
         deprivations = EXCLUDED.deprivations, poverty_causes = EXCLUDED.poverty_causes,
         recorded_by = EXCLUDED.recorded_by, recorded_at = now()`,
      [review.id, JSON.stringify(results), actor.name],
    );
  }

  /** For each household that has a result in a review ending after `review`, that review's code. */
  async laterReviewOf(
    _actor: Actor,
    tx: EntityManager,
    review: Review,
    householdIds: string[],
  ): Promise<Map<string, string>> {
    const rows: { household_id: string; code: string }[] = await tx.query(
      `SELECT DISTINCT ON (x.household_id) x.household_id, r.code
         FROM household_review_result x JOIN review r ON r.id = x.review_id
        WHERE x.household_id = ANY($1) AND (r.ends_on, r.starts_on) > (CAST($2 AS date), CAST($3 AS date))
        ORDER BY x.household_id, r.ends_on DESC`,
      [householdIds, review.endsOn, review.startsOn],
    );
    return new Map(rows.map((r) => [r.household_id, r.code]));
  }

  /** The households' results in every review, oldest review first, for the per-request loader. */
  historyOf(_actor: Actor, householdIds: readonly string[]): Promise<HouseholdReviewResult[]> {
    return this.db
      .getRepository(HouseholdReviewResult)
      .createQueryBuilder("x")
      .innerJoin(Review, "r", "r.id = x.review_id")
      .where("x.household_id = ANY(:householdIds)", { householdIds })
      .orderBy("r.ends_on")
      .addOrderBy("r.starts_on")
      .getMany();
  }
}
