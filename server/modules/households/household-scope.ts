import type { SelectQueryBuilder } from "typeorm";
import { Role, requireScope, type Viewer } from "../../shared/auth";
import { namedParameters, type Bind } from "../../shared/sql-parameters";
// The file, not the tasks module's index: that index loads the task service, which needs this module.
import { taskScopeSql } from "../tasks/task-scope";
import type { Household } from "./household.entity";

/**
 * The condition (over `household` aliased `h`) limiting households to what the viewer may see, or
 * null for all: a ward officer the ward's households, an agency's staff the households behind the
 * tasks they may see (taskScopeSql: the same rule, so a task's household is never hidden from
 * whoever sees the task), the others all (analysts see them de-identified: personal fields are
 * closed to them).
 */
export function householdScopeSql(viewer: Viewer, bind: Bind): string | null {
  if (viewer.role === Role.WARD_OFFICER) return `h.ward_id = ${bind(viewer.wardId)}`;
  if (viewer.role === Role.AGENCY_STAFF)
    return `EXISTS (SELECT 1 FROM task_assignment st WHERE st.household_id = h.id AND ${taskScopeSql(viewer, bind, "st")})`;
  return null;
}

/** Limits a query over `household` aliased `h` to what the viewer may see (see householdScopeSql). */
export function applyHouseholdScope(
  q: SelectQueryBuilder<Household>,
  viewer: Viewer,
): SelectQueryBuilder<Household> {
  const { bind, params } = namedParameters("householdScope");
  const condition = householdScopeSql(viewer, bind);
  if (condition) q.andWhere(condition, params);
  return q;
}

/** Throws FORBIDDEN unless the viewer may change this household's assessment or route it: ADMIN, or the ward's officer. */
export function requireHouseholdWriter(viewer: Viewer, household: Pick<Household, "wardId">): void {
  requireScope(
    viewer.role === Role.ADMIN ||
      (viewer.role === Role.WARD_OFFICER && viewer.wardId === household.wardId),
    "error.scope.householdOtherWard",
  );
}

/** Whether the viewer sees national ID numbers unmasked: ADMIN, and the officers of the household's ward. */
export const seesNationalIds = (viewer: Viewer, household: Pick<Household, "wardId">): boolean =>
  viewer.role === Role.ADMIN ||
  (viewer.role === Role.WARD_OFFICER && viewer.wardId === household.wardId);
