export {
  TaskAssignment,
  TaskStatus,
  OPEN_TASK_STATUSES,
  WORKING_TASK_STATUSES,
} from "./task-assignment.entity";
export { TaskEvent, TaskEventKind } from "./task-event.entity";
export { TASK_EVENTS_CHANNEL } from "./task-events";
export { TaskHooks, type TaskChangeListener } from "./task-hooks";
export {
  ONE_OPEN_TASK_PER_NEED,
  changeTasks,
  createRoutedTasks,
  lockOpenTasks,
  recordTaskEvents,
  redateTaskHistory,
  type RoutedTaskRow,
  type TaskEventRecord,
  type TaskPatch,
  type TaskStoryStep,
} from "./task-writes";
export { TaskService } from "./task.service";
export { applyTaskScope, maySee, taskScopeSql } from "./task-scope";
export { TaskResolver, TaskConnectionResolver } from "./task.resolver";
