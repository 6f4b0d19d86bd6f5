import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { Client } from "pg";

/**
 * Where the test run's databases live. Each run makes a template database (migrated and loaded
 * with the plan's data) once, and each test file gets a fresh copy of it, so no test depends on
 * another's leftovers or on an earlier run.
 *
 * PostgreSQL is used when TEST_DATABASE_URL (or DATABASE_URL) is set, PGlite otherwise.
 */
export const serverUrl = (): string | undefined =>
  process.env.TEST_DATABASE_URL || process.env.DATABASE_URL || undefined;

export const runId = (): string => {
  const id = process.env.QN_TEST_RUN_ID;
  if (!id)
    throw new Error(
      "QN_TEST_RUN_ID is not set: run the tests through jest (tests/harness/global-setup.ts)",
    );
  return id;
};

export const templateDatabaseName = (id = runId()) => `qn_test_${id}_template`;
export const templateDataDir = (id = runId()) => join(tmpdir(), `qn-test-${id}`, "template");

/** The URL of `database` on the same PostgreSQL server as `url`. */
export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

export async function onServer<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export interface FreshDatabase {
  databaseUrl?: string;
  pgliteDataDir: string;
  drop(): Promise<void>;
}

let copies = 0;

/** A new copy of the run's template database. */
export async function freshDatabase(): Promise<FreshDatabase> {
  const url = serverUrl();
  copies += 1;
  if (url) {
    const name = `qn_test_${runId()}_${process.env.JEST_WORKER_ID ?? 0}_${process.pid}_${copies}`;
    await onServer(url, (c) =>
      c.query(`CREATE DATABASE ${name} TEMPLATE ${templateDatabaseName()}`),
    );
    return {
      databaseUrl: withDatabase(url, name),
      pgliteDataDir: "unused",
      drop: () =>
        onServer(url, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(
          () => undefined,
        ),
    };
  }
  const dir = mkdtempSync(join(dirname(templateDataDir()), "db-"));
  cpSync(templateDataDir(), dir, { recursive: true });
  return { pgliteDataDir: dir, drop: async () => rmSync(dir, { recursive: true, force: true }) };
}
