import type { Database } from "./data-source";

// Arbitrary constant: the advisory lock key all instances agree on for schema changes.
const SCHEMA_LOCK_KEY = 7_139_2024;

/**
 * Applies pending migrations, then runs `afterMigrations` (e.g. loading demo data), while holding
 * an advisory lock on PostgreSQL so that instances starting together do it once, one at a time.
 * PGlite has a single session in a single process, so there is nobody to exclude.
 */
export async function prepareDatabase(
  database: Database,
  afterMigrations: () => Promise<void> = async () => {},
): Promise<void> {
  const run = async () => {
    await database.dataSource.runMigrations({ transaction: "each" });
    await afterMigrations();
  };
  if (database.kind === "pglite") return run();

  const lockHolder = database.dataSource.createQueryRunner();
  await lockHolder.connect();
  try {
    await lockHolder.query("SELECT pg_advisory_lock($1)", [SCHEMA_LOCK_KEY]);
    await run();
  } finally {
    await lockHolder
      .query("SELECT pg_advisory_unlock($1)", [SCHEMA_LOCK_KEY])
      .catch(() => undefined);
    await lockHolder.release();
  }
}
