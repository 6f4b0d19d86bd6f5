import type { EntityManager } from "typeorm";
import { TaskAssignment } from "./task-assignment.entity";

/** The task columns, for `RETURNING` them from a raw statement. */
export function taskColumns(manager: EntityManager): string {
  return manager.connection
    .getMetadata(TaskAssignment)
    .columns.map((c) => c.databaseName)
    .join(", ");
}

/** Tasks from raw rows of their columns (`RETURNING taskColumns`), converted as TypeORM converts what it loads. */
export function tasksFromRows(
  manager: EntityManager,
  rows: Record<string, unknown>[],
): TaskAssignment[] {
  const { columns } = manager.connection.getMetadata(TaskAssignment);
  const { driver } = manager.connection;
  return rows.map((row) => {
    const task = new TaskAssignment();
    for (const column of columns)
      column.setEntityValue(task, driver.prepareHydratedValue(row[column.databaseName], column));
    return task;
  });
}
