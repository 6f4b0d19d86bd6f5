import { startPlatform, type Platform } from "../../server/app/platform";
import { loadConfig } from "../../server/config/config";
import { freshDatabase, type FreshDatabase } from "./test-database";

export interface GraphQLResponse<T = any> {
  data?: T;
  extensions?: Record<string, unknown>;
  errors?: { message: string; extensions?: { code?: string; [key: string]: unknown }; path?: (string | number)[] }[];
}

export interface TestPlatform {
  platform: Platform;
  database: FreshDatabase;
  /** POSTs a GraphQL operation and returns the parsed answer with its HTTP status. */
  graphql<T = any>(query: string, variables?: Record<string, unknown>): Promise<GraphQLResponse<T> & { status: number }>;
  /** Like `graphql`, and also the number of SQL statements the request cost. */
  countingStatements<T = any>(query: string, variables?: Record<string, unknown>): Promise<{ response: GraphQLResponse<T>; statements: number }>;
  close(): Promise<void>;
}

/**
 * Starts the platform on a free port over a fresh copy of the run's template database, or, with
 * `sameDatabaseAs`, as a second instance on another instance's PostgreSQL database.
 */
export async function startTestPlatform(env: Record<string, string> = {}, sameDatabaseAs?: TestPlatform): Promise<TestPlatform> {
  const db = sameDatabaseAs ? sharedDatabase(sameDatabaseAs) : await freshDatabase();
  const config = loadConfig({
    NODE_ENV: "test",
    PORT: "0",
    REPORT_SQL_STATEMENTS: "true",
    PGLITE_DATA_DIR: db.pgliteDataDir,
    ...(db.databaseUrl ? { DATABASE_URL: db.databaseUrl } : {}),
    ...env,
  });
  const platform = await startPlatform(config);
  const graphql = async (query: string, variables?: Record<string, unknown>) => {
    const res = await fetch(platform.url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query, variables }),
    });
    return { ...((await res.json()) as GraphQLResponse), status: res.status };
  };
  return {
    platform,
    database: db,
    graphql,
    countingStatements: async (query, variables) => {
      const response = await graphql(query, variables);
      const statements = (response as { extensions?: { sqlStatements?: number } }).extensions?.sqlStatements;
      if (statements === undefined) throw new Error("the server did not report sqlStatements");
      return { response, statements };
    },
    close: async () => {
      await platform.close();
      await db.drop();
    },
  };
}

function sharedDatabase(other: TestPlatform): FreshDatabase {
  if (!other.database.databaseUrl) throw new Error("several instances need PostgreSQL: PGlite lives inside one process");
  return { ...other.database, drop: async () => undefined };
}
