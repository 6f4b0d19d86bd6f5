import type { DataSource } from "typeorm";
import type { Actor } from "../../shared/actor";
import { namedParameters } from "../../shared/sql-parameters";
import { wardValidOnSql } from "../../shared/ward-validity.sql";
import { Household } from "../households";
import { TargetMetric, type PlanTarget, type PlanTargetService } from "../plan-targets";
import { HouseholdPlan, PlanRiskReason, PlanStatus } from "./household-plan.entity";
import { requirePlanYear } from "./plan-rules";
import { planScopeSql } from "./plan-scope";
import type { ForecastTarget, PlanForecast, WardForecast } from "./plan-forecast.types";

const REASONS = Object.values(PlanRiskReason);
const COUNTS = [
  "poorNow",
  "nearPoorNow",
  "plans",
  "withoutPlan",
  "registered",
  "expected",
  "notExpected",
  "onTrack",
  "atRisk",
  "projectedPoor",
  "projectedNearPoor",
] as const;
const MAX_AT_RISK = 1000;

/** The forecast's rules, as the answer states them. */
export const FORECAST_RULES = [
  "A household's plan in force for a year is its latest plan for that year or before.",
  "A household planned to escape (REGISTERED or EXPECTED) in the year is at risk when a task of it is overdue or declined, a funding line is not allocated, it has no mentor, or it has not signed its commitment; otherwise it is on track.",
  "Risk reasons are evaluated on every change of the plan and of the household's tasks (overdue tasks when the deadline job escalates them).",
  "Projected counts at the year's end: households on the lists now, less those on track to escape by the year's end, who leave the lists. At-risk households are counted as staying.",
  "Rates are per 100 households of the year (the ward's recorded total); the year starts from the lists now over the year before's totals.",
];

/** Per 100 households, to four decimals, as plan progress states rates. */
const percent = (count: number, total: number | null) =>
  total ? Math.round((count * 100 * 10_000) / total) / 10_000 : null;
const round4 = (n: number) => Math.round(n * 10_000) / 10_000;

type Row = {
  ward_id: string;
  code: string;
  name: string;
  households_total: number | null;
  households_total_before: number | null;
} & Record<string, number>;

/**
 * Forecast of the escape plans against the plan's targets. Counts only: no household is named
 * (the at-risk list is a separate, scoped read). Targets come from the plan-targets service.
 */
export class PlanForecastService {
  constructor(
    private readonly db: DataSource,
    private readonly targets: PlanTargetService,
  ) {}

  /** The year's forecast per ward and for the city, or for one ward. Throws BAD_USER_INPUT for a year outside the plan. */
  async forecast(actor: Actor, year: number, wardCode?: string | null): Promise<PlanForecast> {
    requirePlanYear(year, "year");
    const [rows, targets] = await Promise.all([
      this.wardRows(year, wardCode ?? null),
      this.targets.list(actor, { year }),
    ]);
    const wards = rows.map((r) =>
      wardForecast(r.ward_id, r.code, r.name, r.households_total, r.households_total_before, r),
    );
    const city = wardCode ? null : cityOf(wards);
    const inScope = targets.filter(
      (t) => t.year === year && (wardCode ? wards.some((w) => w.wardId === t.wardId) : true),
    );
    return {
      year,
      wardCode: wardCode ?? null,
      city,
      wards,
      targets: inScope
        .map((t) =>
          forecastTarget(
            t,
            t.wardId ? (wards.find((w) => w.wardId === t.wardId) ?? null) : city,
            wards,
          ),
        )
        .filter((t): t is ForecastTarget => t !== null),
      rules: FORECAST_RULES,
    };
  }

  /** The year's plans to escape that are at risk, those the viewer may see (of one ward if given), by household code. */
  atRisk(
    { viewer }: Actor,
    year: number,
    wardCode: string | null,
    first: number,
  ): Promise<HouseholdPlan[]> {
    const { bind, params } = namedParameters("atRiskScope");
    const q = this.db
      .getRepository(HouseholdPlan)
      .createQueryBuilder("p")
      .innerJoin(Household, "h", "h.id = p.household_id")
      .where("p.year <= :year AND (p.superseded_in IS NULL OR p.superseded_in > :year)", { year })
      .andWhere(
        "p.status IN (:...escaping) AND p.target_year = :year AND cardinality(p.risk_reasons) > 0",
        { escaping: [PlanStatus.REGISTERED, PlanStatus.EXPECTED] },
      )
      .andWhere("p.classification IN ('POOR', 'NEAR_POOR')");
    if (wardCode)
      q.andWhere("h.ward_id IN (SELECT w.id FROM ward w WHERE w.code = :wardCode)", { wardCode });
    const condition = planScopeSql(viewer, bind);
    if (condition) q.andWhere(condition, params);
    return q
      .orderBy("h.code")
      .limit(Math.min(Math.max(first, 1), MAX_AT_RISK))
      .getMany();
  }

  private async wardRows(year: number, wardCode: string | null): Promise<Row[]> {
    const counted = (condition: string) =>
      `CAST(coalesce(sum(households) FILTER (WHERE ${condition}), 0) AS int)`;
    const thisYear = `status IN ('REGISTERED', 'EXPECTED') AND target_year = $1`;
    const leaving = (classification: string) =>
      `status IN ('REGISTERED', 'EXPECTED') AND target_year <= $1 AND cardinality(risk_reasons) = 0 AND classification = '${classification}'`;
    return this.db.query(
      // Both sums read counts the triggers keep (migrations HouseholdProfileCounts and HouseholdPlans), not millions of rows.
      `WITH lists AS (
         SELECT c.ward_id, CAST(coalesce(sum(c.households) FILTER (WHERE c.classification = 'POOR'), 0) AS int) AS poor,
                CAST(coalesce(sum(c.households) FILTER (WHERE c.classification = 'NEAR_POOR'), 0) AS int) AS near_poor
           FROM household_ward_count c WHERE ${ONE_WARD.replace("ward_id", "c.ward_id")} GROUP BY c.ward_id
       ),
       plan_counts AS (
         SELECT ward_id, ${counted("true")} AS plans,
                ${counted(`status = 'REGISTERED' AND target_year = $1`)} AS registered,
                ${counted(`status = 'EXPECTED' AND target_year = $1`)} AS expected,
                ${counted(`status = 'NOT_EXPECTED'`)} AS not_expected,
                ${counted(`${thisYear} AND cardinality(risk_reasons) = 0`)} AS on_track,
                ${counted(`${thisYear} AND cardinality(risk_reasons) > 0`)} AS at_risk,
                ${counted(leaving("POOR"))} AS poor_leaving,
                ${counted(leaving("NEAR_POOR"))} AS near_poor_leaving,
                ${REASONS.map((r) => `${counted(`${thisYear} AND '${r}' = ANY(risk_reasons)`)} AS "${r}"`).join(", ")}
           FROM household_plan_count
          WHERE ${IN_FORCE} AND classification IN ('POOR', 'NEAR_POOR') AND ${ONE_WARD}
          GROUP BY ward_id
       )
       SELECT w.id AS ward_id, w.code, w.name, t.households_total, b.households_total AS households_total_before,
              coalesce(l.poor, 0) AS "poorNow", coalesce(l.near_poor, 0) AS "nearPoorNow", coalesce(pc.plans, 0) AS plans,
              coalesce(pc.registered, 0) AS registered, coalesce(pc.expected, 0) AS expected, coalesce(pc.not_expected, 0) AS "notExpected",
              coalesce(pc.on_track, 0) AS "onTrack", coalesce(pc.at_risk, 0) AS "atRisk",
              coalesce(pc.poor_leaving, 0) AS poor_leaving, coalesce(pc.near_poor_leaving, 0) AS near_poor_leaving,
              ${REASONS.map((r) => `coalesce(pc."${r}", 0) AS "${r}"`).join(", ")}
         FROM ward w
         LEFT JOIN lists l ON l.ward_id = w.id
         LEFT JOIN plan_counts pc ON pc.ward_id = w.id
         LEFT JOIN ward_household_total t ON t.ward_id = w.id AND t.year = $1
         LEFT JOIN ward_household_total b ON b.ward_id = w.id AND b.year = $1 - 1
        WHERE ${wardValidOnSql("w", "make_date($1, 12, 31)")}
          AND ($2::text IS NULL OR w.code = $2)
        ORDER BY w.code`,
      [year, wardCode],
    );
  }
}

/** The ward of code $2, when the forecast is for one: the sums read only its counts. */
const ONE_WARD = `($2::text IS NULL OR ward_id IN (SELECT w1.id FROM ward w1 WHERE w1.code = $2))`;
/** The plans in force for year $1 (a household's latest plan up to it), over `household_plan` or its counts. */
const IN_FORCE = `year <= $1 AND (superseded_in IS NULL OR superseded_in > $1)`;

function wardForecast(
  wardId: string | null,
  code: string | null,
  name: string,
  total: number | null,
  totalBefore: number | null,
  r: Record<string, number>,
): WardForecast {
  const projectedPoor = r.poorNow - r.poor_leaving;
  const projectedNearPoor = r.nearPoorNow - r.near_poor_leaving;
  return {
    wardId,
    wardCode: code,
    wardName: name,
    householdsTotal: total,
    householdsTotalBefore: totalBefore,
    poorNow: r.poorNow,
    nearPoorNow: r.nearPoorNow,
    startPoorRate: percent(r.poorNow, totalBefore),
    startNearPoorRate: percent(r.nearPoorNow, totalBefore),
    plans: r.plans,
    withoutPlan: r.poorNow + r.nearPoorNow - r.plans,
    registered: r.registered,
    expected: r.expected,
    notExpected: r.notExpected,
    onTrack: r.onTrack,
    atRisk: r.atRisk,
    atRiskReasons: REASONS.map((reason) => ({ reason, households: r[reason] })).filter(
      (c) => c.households > 0,
    ),
    projectedPoor,
    projectedNearPoor,
    projectedPoorRate: percent(projectedPoor, total),
    projectedNearPoorRate: percent(projectedNearPoor, total),
    projectedMultidimensionalRate: percent(projectedPoor + projectedNearPoor, total),
  };
}

/** The city: the wards' counts summed; rates only when every ward has its totals. */
function cityOf(wards: WardForecast[]): WardForecast {
  const sum = (f: (w: WardForecast) => number | null) =>
    wards.some((w) => f(w) === null) ? null : wards.reduce((n, w) => n + f(w)!, 0);
  const counts: Record<string, number> = {};
  for (const key of COUNTS) counts[key] = wards.reduce((n, w) => n + w[key], 0);
  for (const reason of REASONS)
    counts[reason] = wards.reduce(
      (n, w) => n + (w.atRiskReasons.find((c) => c.reason === reason)?.households ?? 0),
      0,
    );
  counts.poor_leaving = counts.poorNow - counts.projectedPoor;
  counts.near_poor_leaving = counts.nearPoorNow - counts.projectedNearPoor;
  return wardForecast(
    null,
    null,
    "Thành phố Quy Nhơn",
    sum((w) => w.householdsTotal),
    sum((w) => w.householdsTotalBefore),
    counts,
  );
}

/** A target of the year against the forecast of its ward (or the city); null for targets the plans do not move (measures, training). */
function forecastTarget(
  target: PlanTarget,
  scope: WardForecast | null,
  wards: WardForecast[],
): ForecastTarget | null {
  const row = { target, projected: null, met: null };
  if (!scope) return null;
  const where = scope.wardCode ? `ward ${scope.wardCode}` : "the city";
  switch (target.metric) {
    case TargetMetric.POOR_RATE_REDUCTION:
    case TargetMetric.NEAR_POOR_RATE_REDUCTION: {
      const poor = target.metric === TargetMetric.POOR_RATE_REDUCTION;
      const [start, end] = poor
        ? [scope.startPoorRate, scope.projectedPoorRate]
        : [scope.startNearPoorRate, scope.projectedNearPoorRate];
      const what = poor ? "poor" : "near-poor";
      if (start === null || end === null)
        return {
          ...row,
          explanation: `needs ${where}'s household totals for ${target.year! - 1} and ${target.year}`,
        };
      const projected = round4(start - end);
      return {
        target,
        projected,
        met: projected >= target.value,
        explanation: `${what} rate of ${where} from ${start} % to a projected ${end} %: down ${projected} points, target ${target.value}`,
      };
    }
    case TargetMetric.MULTIDIMENSIONAL_POVERTY_RATE: {
      const projected = scope.projectedMultidimensionalRate;
      if (projected === null)
        return { ...row, explanation: `needs ${where}'s household total for ${target.year}` };
      return {
        target,
        projected,
        met: projected <= target.value,
        explanation: `${scope.projectedPoor} poor and ${scope.projectedNearPoor} near-poor households projected in ${where}: ${projected} %, target at most ${target.value} %`,
      };
    }
    case TargetMetric.POOR_HOUSEHOLDS:
      return {
        target,
        projected: scope.projectedPoor,
        met: scope.projectedPoor <= target.value,
        explanation: `${scope.poorNow} poor households in ${where} now, ${scope.poorNow - scope.projectedPoor} on track to escape: ${scope.projectedPoor} projected, target at most ${target.value}`,
      };
    case TargetMetric.WARDS_WITHOUT_POOR_HOUSEHOLDS: {
      const projected = wards.filter((w) => w.projectedPoor === 0).length;
      return {
        target,
        projected,
        met: projected >= target.value,
        explanation: `${wards.filter((w) => w.poorNow === 0).length} wards without poor households now, ${projected} projected at the year's end, target at least ${target.value}`,
      };
    }
    default:
      return null;
  }
}
