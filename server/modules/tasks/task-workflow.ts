import { DomainError } from "../../shared/errors";
import { TaskStatus } from "./task-assignment.entity";
import { TaskEventKind } from "./task-event.entity";

export enum TaskAction {
  ACCEPT = "ACCEPT",
  START = "START",
  COMPLETE = "COMPLETE",
  DECLINE = "DECLINE",
  CANCEL = "CANCEL",
  REASSIGN = "REASSIGN",
}

const { ROUTED, ACCEPTED, IN_PROGRESS, COMPLETED, DECLINED, CANCELLED, REASSIGNED } = TaskStatus;

/** The workflow: for each action, the statuses it may start from and the status it leads to. */
const TRANSITIONS: Record<
  TaskAction,
  { from: TaskStatus[]; to: TaskStatus; event: TaskEventKind }
> = {
  ACCEPT: { from: [ROUTED], to: ACCEPTED, event: TaskEventKind.ACCEPTED },
  START: { from: [ACCEPTED], to: IN_PROGRESS, event: TaskEventKind.STARTED },
  COMPLETE: { from: [IN_PROGRESS], to: COMPLETED, event: TaskEventKind.COMPLETED },
  DECLINE: { from: [ROUTED, ACCEPTED], to: DECLINED, event: TaskEventKind.DECLINED },
  CANCEL: {
    from: [ROUTED, ACCEPTED, IN_PROGRESS, DECLINED],
    to: CANCELLED,
    event: TaskEventKind.CANCELLED,
  },
  REASSIGN: { from: [ROUTED, ACCEPTED, DECLINED], to: REASSIGNED, event: TaskEventKind.REASSIGNED },
};

/**
 * The status `action` leads to from `status`, and the event that records it.
 * Throws ILLEGAL_TRANSITION (naming the statuses it is allowed from) otherwise.
 */
export function transition(
  status: TaskStatus,
  action: TaskAction,
): { to: TaskStatus; event: TaskEventKind } {
  const rule = TRANSITIONS[action];
  if (!rule.from.includes(status)) {
    throw new DomainError(
      "ILLEGAL_TRANSITION",
      "error.task.illegalTransition",
      { action, status, allowed: rule.from.join(", ") },
      {
        status,
        action,
      },
    );
  }
  return { to: rule.to, event: rule.event };
}

/** Throws ILLEGAL_TRANSITION unless the task is still open: a closed task's details are history (comments stay allowed). */
export function requireOpen(status: TaskStatus): void {
  if ([COMPLETED, CANCELLED, REASSIGNED].includes(status)) {
    throw new DomainError("ILLEGAL_TRANSITION", "error.task.closed", { status }, { status });
  }
}
