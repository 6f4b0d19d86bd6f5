import type { Database } from "../db/data-source";
import type { TaskEventFeed } from "../modules/notifications";

const CHECK_TIMEOUT_MS = 2000;

const within = <T>(work: Promise<T>, fallback: T) =>
  Promise.race([work.catch(() => fallback), new Promise<T>((resolve) => setTimeout(() => resolve(fallback), CHECK_TIMEOUT_MS).unref())]);

/** Whether this instance can serve: the database answers, no migration is pending, the event listener is connected. */
export async function readinessOf(database: Database, feed: TaskEventFeed): Promise<{ ready: boolean; checks: Record<string, boolean> }> {
  const [databaseReachable, migrationsApplied] = await Promise.all([
    within(database.dataSource.query("SELECT 1").then(() => true), false),
    within(database.dataSource.showMigrations().then((pending) => !pending), false),
  ]);
  const checks = { databaseReachable, migrationsApplied, eventListenerConnected: feed.connected };
  return { ready: Object.values(checks).every(Boolean), checks };
}
