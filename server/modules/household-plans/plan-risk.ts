import type { EntityManager } from "typeorm";
import { WORKING_TASK_STATUSES } from "../tasks";
import { PlanRiskReason, type PlanStatus } from "./household-plan.entity";

const working = WORKING_TASK_STATUSES.map((s) => `'${s}'`).join(", ");

/**
 * The rules that put a plan at risk, over `household_plan` aliased `p`: one reason each, evaluated
 * in the database so the forecast of two million households only counts stored reasons.
 */
const REASONS_SQL = `array_remove(ARRAY[
    CASE WHEN EXISTS (SELECT 1 FROM task_assignment t WHERE t.household_id = p.household_id AND t.status IN (${working}) AND t.due_on < current_date)
         THEN '${PlanRiskReason.TASK_OVERDUE}' END,
    CASE WHEN EXISTS (SELECT 1 FROM task_assignment t WHERE t.household_id = p.household_id AND t.status = 'DECLINED') THEN '${PlanRiskReason.TASK_DECLINED}' END,
    CASE WHEN EXISTS (SELECT 1 FROM jsonb_array_elements(p.funding_lines) l
                        LEFT JOIN funding_allocation a ON a.id = CAST(l->>'allocationId' AS uuid) AND a.released_at IS NULL
                       WHERE a.id IS NULL) THEN '${PlanRiskReason.FUNDING_NOT_ALLOCATED}' END,
    CASE WHEN jsonb_array_length(p.mentors) = 0 THEN '${PlanRiskReason.NO_MENTOR}' END,
    CASE WHEN p.commitment_signed_on IS NULL THEN '${PlanRiskReason.NO_SIGNED_COMMITMENT}' END
  ]::text[], NULL)`;

/** A plan whose risk reasons changed. */
export interface RiskChange {
  planId: string;
  householdId: string;
  year: number;
  status: PlanStatus;
  before: PlanRiskReason[];
  after: PlanRiskReason[];
}

/**
 * Evaluates the risk reasons of the plans of the households (or the plans), in the caller's
 * transaction, and stores those that changed; returns the changes.
 */
export async function refreshRisk(
  tx: EntityManager,
  of: { householdIds: string[] } | { planIds: string[] },
): Promise<RiskChange[]> {
  const [column, ids] = "planIds" in of ? ["id", of.planIds] : ["household_id", of.householdIds];
  if (ids.length === 0) return [];
  const rows: {
    id: string;
    household_id: string;
    year: number;
    status: PlanStatus;
    before: PlanRiskReason[];
    after: PlanRiskReason[];
  }[] = await tx.query(
    // A SELECT around the UPDATE: TypeORM's PostgreSQL driver answers an UPDATE with [rows, count], PGlite's with rows.
    `WITH fresh AS (SELECT p.id, p.risk_reasons AS before, ${REASONS_SQL} AS after FROM household_plan p WHERE p.${column} = ANY($1)),
     changed AS (
       UPDATE household_plan p SET risk_reasons = f.after FROM fresh f
        WHERE p.id = f.id AND p.risk_reasons IS DISTINCT FROM f.after
       RETURNING p.id, p.household_id, p.year, p.status, f.before, f.after
     )
     SELECT * FROM changed`,
    [ids],
  );
  return rows.map((r) => ({
    planId: r.id,
    householdId: r.household_id,
    year: r.year,
    status: r.status,
    before: r.before,
    after: r.after,
  }));
}
