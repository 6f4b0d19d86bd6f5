export { TaskAssignment, TaskStatus, OPEN_TASK_STATUSES } from "./task-assignment.entity";
export { TaskEvent, TaskEventKind } from "./task-event.entity";
export { appendTaskEvents, snapshotOf, TASK_EVENTS_CHANNEL, type NewTaskEvent } from "./task-events";
export { TaskService, type Actor } from "./task.service";
export { TaskResolver, TaskConnectionResolver } from "./task.resolver";
