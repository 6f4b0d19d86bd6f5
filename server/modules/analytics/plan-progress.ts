import { Field, Float, Int, ObjectType } from "type-graphql";
import type { DataSource } from "typeorm";
import { PlanTarget, TargetMetric, type PlanTargetFilter, type PlanTargetService } from "../plan-targets";

@ObjectType({ description: "A plan target against what the platform records." })
export class PlanProgress {
  @Field(() => PlanTarget)
  target!: PlanTarget;

  @Field(() => Float, { nullable: true, description: "The measured value in the target's unit; null where the platform cannot measure it yet (see note)." })
  actual!: number | null;

  @Field(() => Float, {
    nullable: true,
    description: "How far from the target: still to do for counts to reach (target − actual), still to remove for counts and rates to bring down (actual − target).",
  })
  gap!: number | null;

  @Field(() => Int, { nullable: true, description: "For measure targets: tasks routed and not cancelled or reassigned." })
  routedTasks!: number | null;

  @Field(() => Int, { nullable: true, description: "For measure targets: tasks completed (the actual)." })
  completedTasks!: number | null;

  @Field(() => String, { nullable: true })
  note!: string | null;
}

const NOT_MEASURED: Partial<Record<TargetMetric, string>> = {
  POOR_RATE_REDUCTION: "Needs the classifications of successive reviews, which arrive with ward review intake.",
  NEAR_POOR_RATE_REDUCTION: "Needs the classifications of successive reviews, which arrive with ward review intake.",
  OFFICIALS_TRAINED: "Training sessions are recorded with the monitoring and capacity-building work.",
  VILLAGE_OFFICERS_TRAINED: "Training sessions are recorded with the monitoring and capacity-building work.",
};

/** Computes each plan target's progress from tasks and households; aggregates only, no personal data. */
export class PlanProgressService {
  constructor(
    private readonly db: DataSource,
    private readonly targets: PlanTargetService,
  ) {}

  /** Every target for the year (and the whole-plan ones) that the filter keeps, with actual and gap. */
  async progress(year: number, filter: Omit<PlanTargetFilter, "year"> = {}): Promise<PlanProgress[]> {
    const targets = await this.targets.list({ ...filter, year });
    const [measures, households, totals] = await Promise.all([this.measureCounts(targets), this.householdCounts(), this.householdTotal(year)]);
    const poorIn = (wardId: string | null) => households.filter((h) => h.classification === "POOR" && (!wardId || h.ward_id === wardId)).reduce((n, h) => n + h.n, 0);
    return targets.map((target) => {
      const row: PlanProgress = { target, actual: null, gap: null, routedTasks: null, completedTasks: null, note: NOT_MEASURED[target.metric] ?? null };
      switch (target.metric) {
        case TargetMetric.MEASURE_BENEFICIARIES: {
          const m = measures.get(target.id) ?? { routed: 0, completed: 0 };
          return { ...row, actual: m.completed, gap: target.value - m.completed, routedTasks: m.routed, completedTasks: m.completed };
        }
        case TargetMetric.POOR_HOUSEHOLDS: {
          const actual = poorIn(target.wardId);
          return { ...row, actual, gap: actual - target.value };
        }
        case TargetMetric.WARDS_WITHOUT_POOR_HOUSEHOLDS: {
          const withPoor = new Set(households.filter((h) => h.classification === "POOR").map((h) => h.ward_id));
          const actual = households.reduce((wards, h) => wards.add(h.ward_id), new Set<string>()).size - withPoor.size;
          return { ...row, actual, gap: target.value - actual };
        }
        case TargetMetric.MULTIDIMENSIONAL_POVERTY_RATE: {
          if (!totals) return { ...row, note: `No household totals recorded for ${year}.` };
          const listed = households.filter((h) => h.classification === "POOR" || h.classification === "NEAR_POOR").reduce((n, h) => n + h.n, 0);
          const actual = Math.round((10_000 * 100 * listed) / totals) / 10_000;
          return { ...row, actual, gap: Math.round((actual - target.value) * 10_000) / 10_000 };
        }
        default:
          return row;
      }
    });
  }

  /** Tasks to date per measure target: the plan's measure targets are for the whole plan period. */
  private async measureCounts(targets: PlanTarget[]): Promise<Map<string, { routed: number; completed: number }>> {
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
        JSON.stringify(measureTargets.map((t) => ({ id: t.id, measure_id: t.measureId, classification: t.classification, deprivation: t.deprivation, causes: t.povertyCauses }))),
      ],
    );
    return new Map(rows.map((r) => [r.id, r]));
  }

  private householdCounts(): Promise<{ ward_id: string; classification: string; n: number }[]> {
    return this.db.query(`SELECT ward_id, classification, CAST(count(*) AS int) AS n FROM household GROUP BY ward_id, classification`);
  }

  private async householdTotal(year: number): Promise<number | null> {
    const [{ total }] = await this.db.query(`SELECT CAST(sum(households_total) AS int) AS total FROM ward_household_total WHERE year = $1`, [year]);
    return total;
  }
}
