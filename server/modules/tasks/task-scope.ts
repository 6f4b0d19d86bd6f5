import type { SelectQueryBuilder } from "typeorm";
import { Role, type Viewer } from "../../shared/auth";
import { namedParameters, type Bind } from "../../shared/sql-parameters";
import type { TaskAssignment } from "./task-assignment.entity";

/** Who makes a change: the viewer, and the name task history records. */
export interface Caller {
  actor: string;
  viewer: Viewer;
}

/**
 * The condition (over `task_assignment` aliased `t`) limiting tasks to what the viewer may see, or
 * null for all: an agency's staff the tasks it owns or supports, a ward officer the tasks of the
 * ward's households, the others all.
 */
export function taskScopeSql(viewer: Viewer, bind: Bind): string | null {
  if (viewer.role === Role.AGENCY_STAFF) {
    const agency = bind(viewer.agencyId);
    return `(t.owner_agency_id = ${agency} OR ${agency} = ANY(t.supporting_agency_ids))`;
  }
  if (viewer.role === Role.WARD_OFFICER) return `t.ward_id = ${bind(viewer.wardId)}`;
  return null;
}

/** Limits a query over `task_assignment` aliased `t` to what the viewer may see (see taskScopeSql). */
export function applyTaskScope(q: SelectQueryBuilder<TaskAssignment>, viewer: Viewer): SelectQueryBuilder<TaskAssignment> {
  const { bind, params } = namedParameters("taskScope");
  const condition = taskScopeSql(viewer, bind);
  if (condition) q.andWhere(condition, params);
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
