import { Field, Float, Int, ObjectType } from "type-graphql";
import type { DataSource } from "typeorm";
import type { Actor } from "../../shared/actor";
import { badInput } from "../../shared/errors";
import {
  PlanTarget,
  TargetMetric,
  type PlanTargetFilter,
  type PlanTargetService,
} from "../plan-targets";
import type { PovertyRatesService } from "../reviews";
import type { TrainingService } from "../training";

@ObjectType({ description: "A plan target against what the platform records." })
export class PlanProgress {
  @Field(() => PlanTarget)
  target!: PlanTarget;

  @Field(() => Float, {
    nullable: true,
    description:
      "The measured value in the target's unit; null where the platform cannot measure it yet (see note).",
  })
  actual!: number | null;

  @Field(() => Float, {
    nullable: true,
    description:
      "How far from the target: still to do for counts to reach (target − actual), still to remove for counts and rates to bring down (actual − target).",
  })
  gap!: number | null;

  @Field(() => Int, {
    nullable: true,
    description: "For measure targets: tasks routed and not cancelled or reassigned.",
  })
  routedTasks!: number | null;

  @Field(() => Int, {
    nullable: true,
    description: "For measure targets: tasks completed (the actual).",
  })
  completedTasks!: number | null;

  @Field(() => String, { nullable: true })
  note!: string | null;
}

const round4 = (n: number) => Math.round(n * 10_000) / 10_000;

/**
 * Computes each plan target's progress from tasks and the review history (households by
 * classification at the end of the year, in that year's wards); aggregates only, no personal data.
 */
export class PlanProgressService {
  constructor(
    private readonly db: DataSource,
    private readonly targets: PlanTargetService,
    private readonly rates: PovertyRatesService,
    private readonly training: TrainingService,
  ) {}

  /** Every target for the year (and the whole-plan ones) that the filter keeps, with actual and gap. */
  async progress(
    actor: Actor,
    year: number,
    filter: Omit<PlanTargetFilter, "year"> = {},
  ): Promise<PlanProgress[]> {
    if (!Number.isInteger(year) || year < 2001 || year > 2100)
      throw badInput("error.stats.progressYear", {}, { argument: "year" });
    const targets = await this.targets.list(actor, { ...filter, year });
    const [measures, rates, previous, trained] = await Promise.all([
      this.measureCounts(targets),
      this.rates.ratesOf(actor, year),
      this.rates.ratesOf(actor, year - 1),
      this.training.progress(actor, `${year}-12-31`),
    ]);
    const poorIn = (wardId: string | null) =>
      wardId ? (rates.wards.find((w) => w.wardId === wardId)?.poor ?? null) : rates.city.poor;
    const reduction = (rate: "poorRate" | "nearPoorRate") =>
      previous.city[rate] === null || rates.city[rate] === null
        ? null
        : round4(previous.city[rate]! - rates.city[rate]!);
    const noTotals = `Needs every ward's household total for ${year - 1} and ${year}.`;
    return targets.map((target) => {
      const row: PlanProgress = {
        target,
        actual: null,
        gap: null,
        routedTasks: null,
        completedTasks: null,
        note: null,
      };
      switch (target.metric) {
        case TargetMetric.MEASURE_BENEFICIARIES: {
          const m = measures.get(target.id) ?? { routed: 0, completed: 0 };
          return {
            ...row,
            actual: m.completed,
            gap: target.value - m.completed,
            routedTasks: m.routed,
            completedTasks: m.completed,
          };
        }
        case TargetMetric.POOR_HOUSEHOLDS: {
          const actual = poorIn(target.wardId);
          if (actual === null)
            return { ...row, note: `The ward does not exist at the end of ${year}.` };
          return { ...row, actual, gap: actual - target.value };
        }
        case TargetMetric.WARDS_WITHOUT_POOR_HOUSEHOLDS: {
          const actual = rates.wards.filter((w) => w.poor === 0).length;
          return { ...row, actual, gap: target.value - actual };
        }
        case TargetMetric.POOR_RATE_REDUCTION:
        case TargetMetric.NEAR_POOR_RATE_REDUCTION: {
          const actual = reduction(
            target.metric === TargetMetric.POOR_RATE_REDUCTION ? "poorRate" : "nearPoorRate",
          );
          return actual === null
            ? { ...row, note: noTotals }
            : { ...row, actual, gap: round4(target.value - actual) };
        }
        case TargetMetric.MULTIDIMENSIONAL_POVERTY_RATE: {
          const actual = rates.city.multidimensionalRate;
          if (actual === null)
            return { ...row, note: `Needs every ward's household total for ${year}.` };
          return { ...row, actual, gap: round4(actual - target.value) };
        }
        case TargetMetric.OFFICIALS_TRAINED:
        case TargetMetric.VILLAGE_OFFICERS_TRAINED: {
          const actual =
            target.metric === TargetMetric.OFFICIALS_TRAINED
              ? trained.trained
              : trained.villageOfficersTrained;
          return {
            ...row,
            actual,
            gap: target.value - actual,
            note: `Attendance of sessions held by the end of ${year}.`,
          };
        }
        default:
          return row;
      }
    });
  }

  /** Tasks to date per measure target: the plan's measure targets are for the whole plan period. */
  private async measureCounts(
    targets: PlanTarget[],
  ): Promise<Map<string, { routed: number; completed: number }>> {
    const measureTargets = targets.filter((t) => t.metric === TargetMetric.MEASURE_BENEFICIARIES);
    if (measureTargets.length === 0) return new Map();
    const rows: { id: string; routed: number; completed: number }[] = await this.db.query(
      `SELECT tg.id, x.routed, x.completed
         FROM jsonb_to_recordset($1::jsonb) AS tg(id uuid, measure_id uuid, classification text, deprivation text, causes smallint[])
         CROSS JOIN LATERAL (
           SELECT CAST(count(*) FILTER (WHERE t.status NOT IN ('CANCELLED', 'REASSIGNED')) AS int) AS routed,
                  CAST(count(*) FILTER (WHERE t.status = 'COMPLETED') AS int) AS completed
             FROM task_assignment t JOIN household h ON h.id = t.household_id
            WHERE t.measure_id = tg.measure_id
              AND (tg.classification IS NULL OR h.classification = tg.classification)
              AND (tg.deprivation IS NULL OR tg.deprivation = ANY(h.deprivations))
              AND (tg.causes IS NULL OR h.poverty_causes && tg.causes)
         ) x`,
      [
        JSON.stringify(
          measureTargets.map((t) => ({
            id: t.id,
            measure_id: t.measureId,
            classification: t.classification,
            deprivation: t.deprivation,
            causes: t.povertyCauses,
          })),
        ),
      ],
    );
    return new Map(rows.map((r) => [r.id, r]));
  }
}
