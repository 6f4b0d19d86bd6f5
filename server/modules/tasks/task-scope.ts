import type { SelectQueryBuilder } from "typeorm";
import { Role, type Viewer } from "../../shared/auth";
import type { TaskAssignment } from "./task-assignment.entity";

/** Who makes a change: the viewer, and the name task history records. */
export interface Caller {
  actor: string;
  viewer: Viewer;
}

/**
 * Limits a query over `task_assignment` aliased `t` to what the viewer may see: an agency's staff
 * the tasks it owns or supports, a ward officer the tasks of the ward's households, the others all.
 */
export function applyTaskScope(q: SelectQueryBuilder<TaskAssignment>, viewer: Viewer): SelectQueryBuilder<TaskAssignment> {
  if (viewer.role === Role.AGENCY_STAFF) {
    q.andWhere("(t.owner_agency_id = :scopeAgencyId OR :scopeAgencyId = ANY(t.supporting_agency_ids))", { scopeAgencyId: viewer.agencyId });
  }
  if (viewer.role === Role.WARD_OFFICER) q.andWhere("t.ward_id = :scopeWardId", { scopeWardId: viewer.wardId });
  return q;
}

/** Whether the viewer may move the task through its workflow: the owning agency's staff, or ADMIN. */
export const mayMove = (viewer: Viewer, task: TaskAssignment): boolean =>
  viewer.role === Role.ADMIN || (viewer.role === Role.AGENCY_STAFF && viewer.agencyId === task.ownerAgencyId);

/** Whether the viewer may comment: whoever may see the task and is not an analyst. */
export function mayComment(viewer: Viewer, task: TaskAssignment): boolean {
  switch (viewer.role) {
    case Role.ADMIN:
    case Role.MONITOR:
      return true;
    case Role.AGENCY_STAFF:
      return viewer.agencyId === task.ownerAgencyId || task.supportingAgencyIds.includes(viewer.agencyId ?? "");
    case Role.WARD_OFFICER:
      return viewer.wardId === task.wardId;
    case Role.ANALYST:
      return false;
  }
}
