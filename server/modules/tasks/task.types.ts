import { connectionTypes, type Connection } from "../../shared/pagination";
import { TaskAssignment } from "./task-assignment.entity";
import type { TaskFilter } from "./task.inputs";

export const TaskConnection = connectionTypes(TaskAssignment, "Task");
export type TaskConnection = Connection<TaskAssignment, TaskFilter>;
