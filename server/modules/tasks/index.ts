export { TaskAssignment, TaskStatus, OPEN_TASK_STATUSES, WORKING_TASK_STATUSES } from "./task-assignment.entity";
export { TaskEvent, TaskEventKind } from "./task-event.entity";
export { appendTaskEvents, snapshotOf, TASK_EVENTS_CHANNEL, type NewTaskEvent, type TaskChangeListener } from "./task-events";
export { TaskService } from "./task.service";
export { taskColumns, tasksFromRows } from "./task-rows";
export { applyTaskScope, maySee, taskScopeSql } from "./task-scope";
export { TaskResolver, TaskConnectionResolver } from "./task.resolver";
