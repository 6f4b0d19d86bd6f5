import type { SelectQueryBuilder } from "typeorm";
import { Role, requireScope, type Viewer } from "../../shared/auth";
import type { Household } from "./household.entity";

/**
 * Limits a query over `household` aliased `h` to what the viewer may see: a ward officer the ward's
 * households, an agency's staff the households behind the tasks it owns or supports, the others all
 * (analysts see them de-identified: personal fields are closed to them).
 */
export function applyHouseholdScope(q: SelectQueryBuilder<Household>, viewer: Viewer): SelectQueryBuilder<Household> {
  if (viewer.role === Role.WARD_OFFICER) q.andWhere("h.ward_id = :scopeWardId", { scopeWardId: viewer.wardId });
  if (viewer.role === Role.AGENCY_STAFF) {
    q.andWhere(
      `EXISTS (SELECT 1 FROM task_assignment st WHERE st.household_id = h.id
         AND (st.owner_agency_id = :scopeAgencyId OR :scopeAgencyId = ANY(st.supporting_agency_ids)))`,
      { scopeAgencyId: viewer.agencyId },
    );
  }
  return q;
}

/** Throws FORBIDDEN unless the viewer may change this household's assessment or route it: ADMIN, or the ward's officer. */
export function requireHouseholdWriter(viewer: Viewer, household: Pick<Household, "wardId">): void {
  requireScope(viewer.role === Role.ADMIN || (viewer.role === Role.WARD_OFFICER && viewer.wardId === household.wardId), "this household belongs to another ward");
}

/** Whether the viewer sees national ID numbers unmasked: ADMIN, and the officers of the household's ward. */
export const seesNationalIds = (viewer: Viewer, household: Pick<Household, "wardId">): boolean =>
  viewer.role === Role.ADMIN || (viewer.role === Role.WARD_OFFICER && viewer.wardId === household.wardId);
