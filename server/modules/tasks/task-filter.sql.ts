import type { ObjectLiteral } from "typeorm";
import { requireUuid } from "../../shared/ids";
import { namedParameters } from "../../shared/sql-parameters";
import { wardCodesSql } from "../wards";
import { WORKING_TASK_STATUSES } from "./task-assignment.entity";
import type { TaskFilter } from "./task.inputs";

/** What the filter adds its conditions to: a TypeORM query builder, or the Conditions of a raw statement. */
interface Where {
  andWhere(condition: string, parameters?: ObjectLiteral): unknown;
}

/**
 * Adds the filter's conditions to a query over `task_assignment` aliased `t`; a ward code names the
 * ward carrying it on `today` (YYYY-MM-DD). Throws BAD_USER_INPUT for malformed ids or codes.
 */
export function applyTaskFilter<Q extends Where>(q: Q, filter: TaskFilter, today: string): Q {
  if (filter.agencyCodes) {
    q.andWhere(
      `EXISTS (SELECT 1 FROM agency a WHERE a.code = ANY(:agencyCodes) AND (a.id = t.owner_agency_id OR a.id = ANY(t.supporting_agency_ids)))`,
      { agencyCodes: filter.agencyCodes },
    );
  }
  if (filter.ownerAgencyCodes) {
    q.andWhere(
      `t.owner_agency_id IN (SELECT a.id FROM agency a WHERE a.code = ANY(:ownerAgencyCodes))`,
      { ownerAgencyCodes: filter.ownerAgencyCodes },
    );
  }
  if (filter.wardIds)
    q.andWhere("t.ward_id = ANY(:wardIds)", {
      wardIds: filter.wardIds.map((id) => requireUuid(id, "filter.wardIds")),
    });
  if (filter.wardCodes) {
    const { bind, params } = namedParameters("wardCodes");
    q.andWhere(
      wardCodesSql("t.ward_id", filter.wardCodes, today, bind, "filter.wardCodes"),
      params,
    );
  }
  if (filter.statuses) q.andWhere("t.status = ANY(:statuses)", { statuses: filter.statuses });
  if (filter.measureCodes) {
    q.andWhere(
      `t.measure_id IN (SELECT m.id FROM support_measure m WHERE m.code = ANY(:measureCodes))`,
      { measureCodes: filter.measureCodes },
    );
  }
  if (filter.householdId)
    q.andWhere("t.household_id = :householdId", {
      householdId: requireUuid(filter.householdId, "filter.householdId"),
    });
  if (filter.needGone !== undefined && filter.needGone !== null)
    q.andWhere("t.need_gone = :needGone", { needGone: filter.needGone });
  if (filter.overdue !== undefined && filter.overdue !== null)
    q.andWhere(filter.overdue ? OVERDUE_SQL : `NOT (${OVERDUE_SQL})`);
  return q;
}

/** An open task past its due date, over `task_assignment` aliased `alias` (isOverdue in TypeScript). */
export const overdueSql = (alias: string) =>
  `(${alias}.status IN (${WORKING_TASK_STATUSES.map((s) => `'${s}'`).join(", ")}) AND coalesce(${alias}.due_on < current_date, false))`;
/** overdueSql over `task_assignment` aliased `t`. */
export const OVERDUE_SQL = overdueSql("t");
