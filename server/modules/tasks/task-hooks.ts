import type { EntityManager } from "typeorm";
import type { Actor } from "../../shared/actor";
import type { TaskAssignment } from "./task-assignment.entity";

/** Hears of tasks a transaction changed, inside that transaction, after their events are written. */
export type TaskChangeListener = (
  tx: EntityManager,
  actor: Actor,
  tasks: TaskAssignment[],
) => Promise<void>;

/**
 * What other modules do when tasks change — funding settles a task's money when it ends, household
 * plans re-evaluate their risk — registered at composition (server/app/services.ts), so the tasks
 * module imports none of the modules that follow it. Every hook runs in the transaction of the
 * change, in the order registered: if one throws, the change rolls back.
 */
export class TaskHooks {
  private readonly statusHooks: TaskChangeListener[] = [];
  private readonly changeHooks: TaskChangeListener[] = [];

  /** `hook` hears of tasks a workflow step moved to another status (their new status is on them). */
  onStatusChange(hook: TaskChangeListener): this {
    this.statusHooks.push(hook);
    return this;
  }

  /** `hook` hears of tasks whose status, due date, assignee or notes changed, and of tasks falling overdue. */
  onChange(hook: TaskChangeListener): this {
    this.changeHooks.push(hook);
    return this;
  }

  async statusChanged(tx: EntityManager, actor: Actor, tasks: TaskAssignment[]): Promise<void> {
    for (const hook of this.statusHooks) await hook(tx, actor, tasks);
  }

  async changed(tx: EntityManager, actor: Actor, tasks: TaskAssignment[]): Promise<void> {
    for (const hook of this.changeHooks) await hook(tx, actor, tasks);
  }
}
