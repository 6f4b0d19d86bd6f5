import type { SelectQueryBuilder } from "typeorm";
import { Role, type Viewer } from "../../shared/auth";
import { namedParameters, type Bind } from "../../shared/sql-parameters";
import { todayIso } from "../../shared/dates";
import { TaskStatus, WORKING_TASK_STATUSES, type TaskAssignment } from "./task-assignment.entity";
import { overdueSql } from "./task-filter.sql";

/**
 * The condition (over `task_assignment` aliased `alias`, `t` unless said) limiting tasks to what
 * the viewer may see, or null for all: an agency's staff the tasks it owns or supports — and the
 * secretariat's staff also the declined tasks waiting for them to re-route and the overdue ones
 * escalated to them —, a ward officer the tasks of the ward's households, the others all. maySee is
 * the same rule for a task in hand, and householdScopeSql shows agency staff the households behind
 * these tasks: the access tests check that the three agree.
 */
export function taskScopeSql(viewer: Viewer, bind: Bind, alias = "t"): string | null {
  if (viewer.role === Role.AGENCY_STAFF) {
    const agency = bind(viewer.agencyId);
    const secretariat = viewer.secretariat
      ? ` OR ${alias}.status = '${TaskStatus.DECLINED}' OR ${overdueSql(alias)}`
      : "";
    return `(${alias}.owner_agency_id = ${agency} OR ${agency} = ANY(${alias}.supporting_agency_ids)${secretariat})`;
  }
  if (viewer.role === Role.WARD_OFFICER) return `${alias}.ward_id = ${bind(viewer.wardId)}`;
  return null;
}

/** Limits a query over `task_assignment` aliased `t` to what the viewer may see (see taskScopeSql). */
export function applyTaskScope(
  q: SelectQueryBuilder<TaskAssignment>,
  viewer: Viewer,
): SelectQueryBuilder<TaskAssignment> {
  const { bind, params } = namedParameters("taskScope");
  const condition = taskScopeSql(viewer, bind);
  if (condition) q.andWhere(condition, params);
  return q;
}

/** Whether the viewer may move the task through its workflow: ADMIN, the owning agency's staff, and the secretariat's staff for a declined task. */
export const mayMove = (viewer: Viewer, task: TaskAssignment): boolean =>
  viewer.role === Role.ADMIN ||
  (viewer.role === Role.AGENCY_STAFF &&
    (viewer.agencyId === task.ownerAgencyId ||
      (viewer.secretariat && task.status === TaskStatus.DECLINED)));

/**
 * Whether the viewer may see a task already in hand (a subscription's notice, a task's
 * predecessor): the same rule as taskScopeSql, for rows not read through it.
 */
export function maySee(viewer: Viewer, task: TaskAssignment): boolean {
  switch (viewer.role) {
    case Role.ADMIN:
    case Role.MONITOR:
    case Role.ANALYST:
      return true;
    case Role.AGENCY_STAFF:
      return (
        mayMove(viewer, task) ||
        task.supportingAgencyIds.includes(viewer.agencyId ?? "") ||
        (viewer.secretariat && isOverdue(task))
      );
    case Role.WARD_OFFICER:
      return viewer.wardId === task.wardId;
  }
}

/** Whether the task is open and past its due date (today in the platform's time zone, as overdueSql takes it). */
export const isOverdue = (task: TaskAssignment, today = todayIso()): boolean =>
  WORKING_TASK_STATUSES.includes(task.status) && task.dueOn !== null && task.dueOn < today;

/** Whether the viewer may comment: whoever may see the task and is not an analyst. */
export const mayComment = (viewer: Viewer, task: TaskAssignment): boolean =>
  viewer.role !== Role.ANALYST && maySee(viewer, task);
