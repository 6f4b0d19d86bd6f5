import type { DataSource } from "typeorm";
import type { Actor } from "../../shared/actor";
import { Role, type Viewer } from "../../shared/auth";
import { calendarDate } from "../../shared/dates";
import { badInput } from "../../shared/errors";
import type { PovertyRatesService, PovertyStanding } from "../reviews";
import type { TrainingService } from "../training";
import type {
  AgencyMeasureProgress,
  FundFlow,
  MonitoringReport,
  WardProgress,
} from "./monitoring-report.types";

const int = (v: unknown) => Number(v ?? 0);

/**
 * The monitoring report for any period (six months, a year, a date range). Aggregates only. Staff
 * of an agency see their agency's lines (the secretariat, which receives every report, all of
 * them); a ward officer the work done in the ward and the ward's line; the others everything.
 */
export class MonitoringReportService {
  constructor(
    private readonly db: DataSource,
    private readonly rates: PovertyRatesService,
    private readonly training: TrainingService,
  ) {}

  /**
   * The report for the period as `actor` may see it. Throws BAD_USER_INPUT for dates that are not
   * calendar dates, a period ending before it starts, or one of five years or more.
   */
  async report(actor: Actor, fromDate: string, toDate: string): Promise<MonitoringReport> {
    const viewer = actor.viewer;
    const from = calendarDate(fromDate, "from");
    const to = calendarDate(toDate, "to");
    if (to < from) throw badInput("error.report.toBeforeFrom", {}, { argument: "to" });
    if (to >= `${Number(from.slice(0, 4)) + 5}${from.slice(4)}`)
      throw badInput("error.report.tooLong", {}, { argument: "to" });
    const [agencyMeasures, standing, funds, capacity] = await Promise.all([
      this.agencyMeasures(viewer, from, to),
      this.rates.standingBetween(actor, from, to),
      this.funds(from, to),
      this.capacity(actor, from, to),
    ]);
    const { wards, city } = await this.wardLines(
      viewer,
      standing.wards,
      standing.city,
      Number(to.slice(0, 4)),
    );
    return { from, to, agencyMeasures, city, wards, funds, capacity };
  }

  private async agencyMeasures(
    viewer: Viewer,
    from: string,
    to: string,
  ): Promise<AgencyMeasureProgress[]> {
    const agencyOnly =
      viewer.role === Role.AGENCY_STAFF && !viewer.secretariat ? viewer.agencyId : null;
    const wardOnly = viewer.role === Role.WARD_OFFICER ? viewer.wardId : null;
    const rows: Record<string, unknown>[] = await this.db.query(
      `WITH counts AS (
         SELECT e.owner_agency_id AS agency_id, t.measure_id,
                count(*) FILTER (WHERE e.kind = 'ROUTED') AS routed, count(*) FILTER (WHERE e.kind = 'ACCEPTED') AS accepted,
                count(*) FILTER (WHERE e.kind = 'COMPLETED') AS completed, count(*) FILTER (WHERE e.kind = 'DECLINED') AS declined,
                count(DISTINCT e.task_id) FILTER (WHERE e.kind = 'OVERDUE') AS overdue
           FROM task_event e JOIN task_assignment t ON t.id = e.task_id
          WHERE e.at >= CAST($1 AS date) AND e.at < CAST($2 AS date) + 1 AND ($4::uuid IS NULL OR e.ward_id = $4)
          GROUP BY e.owner_agency_id, t.measure_id
       ),
       lines AS (SELECT agency_id, measure_id FROM counts UNION SELECT m.lead_agency_id, m.id FROM support_measure m),
       -- The whole-measure targets (not the poor / near-poor shares, nor a cause group whose causes are part of another
       -- target's, as section III.4's groups are of its total); where the plan states two, the larger.
       targets AS (SELECT measure_id, max(value) AS target FROM plan_target t
                    WHERE metric = 'MEASURE_BENEFICIARIES' AND classification IS NULL
                      AND NOT EXISTS (SELECT 1 FROM plan_target w WHERE w.measure_id = t.measure_id AND w.poverty_causes @> t.poverty_causes AND NOT t.poverty_causes @> w.poverty_causes)
                    GROUP BY measure_id)
       SELECT a.code AS "agencyCode", a.name_vi AS "agencyName", m.code AS "measureCode", m.name_vi AS "measureName",
              c.routed, c.accepted, c.completed, c.declined, c.overdue, tg.target
         FROM lines l JOIN agency a ON a.id = l.agency_id JOIN support_measure m ON m.id = l.measure_id
         LEFT JOIN counts c ON c.agency_id = l.agency_id AND c.measure_id = l.measure_id
         LEFT JOIN targets tg ON tg.measure_id = l.measure_id
        WHERE ($3::uuid IS NULL OR l.agency_id = $3)
        ORDER BY a.code, m.code`,
      [from, to, agencyOnly, wardOnly],
    );
    return rows.map((r) => ({
      agencyCode: r.agencyCode as string,
      agencyName: r.agencyName as string,
      measureCode: r.measureCode as string,
      measureName: r.measureName as string,
      routed: int(r.routed),
      accepted: int(r.accepted),
      completed: int(r.completed),
      declined: int(r.declined),
      overdue: int(r.overdue),
      target: r.target === null ? null : Number(r.target),
    }));
  }

  private async wardLines(
    viewer: Viewer,
    wards: PovertyStanding[],
    city: PovertyStanding,
    year: number,
  ): Promise<{ wards: WardProgress[]; city: WardProgress }> {
    const names: { id: string; code: string; name: string }[] = await this.db.query(
      `SELECT id, code, name FROM ward WHERE id = ANY($1)`,
      [wards.map((w) => w.wardId)],
    );
    const targets: { ward_id: string | null; value: string }[] = await this.db.query(
      `SELECT ward_id, value FROM plan_target WHERE metric = 'POOR_HOUSEHOLDS' AND year = $1`,
      [year],
    );
    const targetOf = (wardId: string | null) => {
      const t = targets.find((x) => x.ward_id === wardId);
      return t ? Number(t.value) : null;
    };
    // A city with no poor households has none in any ward (the plan's 2025 target names only the city).
    const wardTargetOf = (wardId: string) => targetOf(wardId) ?? (targetOf(null) === 0 ? 0 : null);
    const line = (s: PovertyStanding, code: string | null, name: string): WardProgress => ({
      wardCode: code,
      wardName: name,
      householdsTotal: s.householdsTotal,
      poor: s.poor,
      nearPoor: s.nearPoor,
      poorRate: s.poorRate,
      nearPoorRate: s.nearPoorRate,
      escapedPoverty: s.escapedPoverty,
      escapedNearPoverty: s.escapedNearPoverty,
      newlyPoor: s.newlyPoor,
      rePoor: s.rePoor,
      poorHouseholdsTarget: s.wardId === null ? targetOf(null) : wardTargetOf(s.wardId),
    });
    const visible =
      viewer.role === Role.WARD_OFFICER ? wards.filter((w) => w.wardId === viewer.wardId) : wards;
    return {
      wards: visible.map((w) => {
        const ward = names.find((n) => n.id === w.wardId)!;
        return line(w, ward.code, ward.name);
      }),
      city: line(city, null, "Thành phố Quy Nhơn"),
    };
  }

  private async funds(from: string, to: string): Promise<FundFlow[]> {
    const rows: Record<string, unknown>[] = await this.db.query(
      `SELECT s.code AS "sourceCode", s.name AS "sourceName",
              (SELECT coalesce(sum(b.amount), 0) FROM funding_budget b WHERE b.source_id = s.id AND b.year BETWEEN $3 AND $4) AS budget,
              (SELECT coalesce(sum(a.amount), 0) FROM funding_allocation a WHERE a.source_id = s.id
                  AND (a.released_at IS NULL OR a.released_at >= CAST($2 AS date) + 1)
                  AND a.allocated_at >= CAST($1 AS date) AND a.allocated_at < CAST($2 AS date) + 1) AS allocated,
              (SELECT coalesce(sum(a.spent_amount), 0) FROM funding_allocation a WHERE a.source_id = s.id
                  AND a.spent_at >= CAST($1 AS date) AND a.spent_at < CAST($2 AS date) + 1) AS spent
         FROM funding_source s ORDER BY s.code`,
      [from, to, Number(from.slice(0, 4)), Number(to.slice(0, 4))],
    );
    return rows.map((r) => ({
      sourceCode: r.sourceCode as string,
      sourceName: r.sourceName as string,
      budget: int(r.budget),
      allocated: int(r.allocated),
      spent: int(r.spent),
    }));
  }

  private async capacity(actor: Actor, from: string, to: string) {
    const sessions = await this.training.sessions(actor, from, to);
    return {
      sessions: sessions.length,
      trained: sessions.reduce((n, s) => n + s.officialsAttending + s.villageOfficersAttending, 0),
      villageOfficersTrained: sessions.reduce((n, s) => n + s.villageOfficersAttending, 0),
      toDate: await this.training.progress(actor, to),
    };
  }
}
