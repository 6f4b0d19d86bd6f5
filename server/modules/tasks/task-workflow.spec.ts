import { DomainError } from "../../shared/errors";
import { TaskStatus } from "./task-assignment.entity";
import { TaskAction, transition } from "./task-workflow";

const all = Object.values(TaskStatus);
const allowed: Record<TaskAction, TaskStatus[]> = {
  ACCEPT: [TaskStatus.ROUTED],
  START: [TaskStatus.ACCEPTED],
  COMPLETE: [TaskStatus.IN_PROGRESS],
  DECLINE: [TaskStatus.ROUTED, TaskStatus.ACCEPTED],
  CANCEL: [TaskStatus.ROUTED, TaskStatus.ACCEPTED, TaskStatus.IN_PROGRESS, TaskStatus.DECLINED],
  REASSIGN: [TaskStatus.ROUTED, TaskStatus.ACCEPTED, TaskStatus.DECLINED],
};

describe("task workflow", () => {
  it("follows ROUTED → ACCEPTED → IN_PROGRESS → COMPLETED", () => {
    expect(transition(TaskStatus.ROUTED, TaskAction.ACCEPT).to).toBe(TaskStatus.ACCEPTED);
    expect(transition(TaskStatus.ACCEPTED, TaskAction.START).to).toBe(TaskStatus.IN_PROGRESS);
    expect(transition(TaskStatus.IN_PROGRESS, TaskAction.COMPLETE).to).toBe(TaskStatus.COMPLETED);
  });

  for (const action of Object.values(TaskAction)) {
    for (const status of all) {
      const ok = allowed[action].includes(status);
      it(`${ok ? "allows" : "refuses"} ${action} from ${status}`, () => {
        if (ok) {
          expect(() => transition(status, action)).not.toThrow();
        } else {
          expect(() => transition(status, action)).toThrow(DomainError);
          try {
            transition(status, action);
          } catch (e) {
            const error = e as DomainError;
            expect(error.code).toBe("ILLEGAL_TRANSITION");
            // API clients act on the values; a person reads the statuses in words, not as enum values.
            expect(error.messageParams).toEqual({
              action,
              status,
              allowed: allowed[action].join(", "),
            });
            for (const language of ["vi", "en"] as const)
              expect(error.messageIn(language)).not.toMatch(/[A-Z]{2,}/);
          }
        }
      });
    }
  }
});
