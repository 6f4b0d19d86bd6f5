import type { Database } from "../db/data-source";
import type { TaskEventFeed } from "../modules/notifications";

const CHECK_TIMEOUT_MS = 2000;
/** Probes within this long of the last one get its answer: /readyz is open to anyone, the database is not. */
const CACHE_MS = 1000;

type Readiness = { ready: boolean; checks: Record<string, boolean> };

const within = <T>(work: Promise<T>, fallback: T) =>
  Promise.race([
    work.catch(() => fallback),
    new Promise<T>((resolve) => setTimeout(() => resolve(fallback), CHECK_TIMEOUT_MS).unref()),
  ]);

/**
 * Whether this instance can serve: the database answers, every migration this code knows is applied
 * (read from the migrations table in one statement, no pooled connection held), the event listener
 * is connected. Answers are cached for a second.
 */
export function readinessProbe(database: Database, feed: TaskEventFeed): () => Promise<Readiness> {
  const known = database.dataSource.migrations.map((m) => m.name ?? m.constructor.name);
  let last: { at: number; answer: Promise<Readiness> } | null = null;
  const probe = async (): Promise<Readiness> => {
    const applied = await within(
      database.dataSource
        .query(`SELECT name FROM migrations`)
        .then((rows: { name: string }[]) => new Set(rows.map((r) => r.name))),
      null,
    );
    const checks = {
      databaseReachable: applied !== null,
      migrationsApplied: applied !== null && known.every((name) => applied.has(name)),
      eventListenerConnected: feed.connected,
    };
    return { ready: Object.values(checks).every(Boolean), checks };
  };
  return () => {
    if (!last || Date.now() - last.at > CACHE_MS) last = { at: Date.now(), answer: probe() };
    return last.answer;
  };
}
