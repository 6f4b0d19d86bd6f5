import { startPlatform, type Platform } from "../../server/app/platform";
import { loadConfig } from "../../server/config/config";
import { Role, signToken } from "../../server/shared/auth";
import { freshDatabase, type FreshDatabase } from "./test-database";

export interface GraphQLResponse<T = unknown> {
  data?: T;
  extensions?: Record<string, unknown>;
  errors?: {
    message: string;
    extensions?: { code?: string; [key: string]: unknown };
    path?: (string | number)[];
  }[];
}

export interface TestIdentity {
  sub: string;
  role: Role;
  agency?: string;
  ward?: string;
}

export const ADMIN: TestIdentity = { sub: "test-admin", role: Role.ADMIN };

export interface TestPlatform {
  platform: Platform;
  database: FreshDatabase;
  /** A bearer token for the identity, signed with this run's secret. */
  tokenFor(identity: TestIdentity, hours?: number): Promise<string>;
  /** The same API, called as another identity (the default is ADMIN). */
  as(identity: TestIdentity): Pick<TestPlatform, "graphql">;
  /** POSTs a GraphQL operation and returns the parsed answer with its HTTP status. */
  graphql<T = unknown>(
    query: string,
    variables?: Record<string, unknown>,
  ): Promise<GraphQLResponse<T> & { status: number }>;
  /** Like `graphql`, and also the number of SQL statements the request cost. */
  countingStatements<T = unknown>(
    query: string,
    variables?: Record<string, unknown>,
  ): Promise<{ response: GraphQLResponse<T>; statements: number }>;
  close(): Promise<void>;
}

/**
 * Starts the platform on a free port over a fresh copy of the run's template database, or, with
 * `sameDatabaseAs`, as a second instance on another instance's PostgreSQL database.
 */
export async function startTestPlatform(
  env: Record<string, string> = {},
  sameDatabaseAs?: TestPlatform,
): Promise<TestPlatform> {
  const db = sameDatabaseAs ? sharedDatabase(sameDatabaseAs) : await freshDatabase();
  const config = loadConfig({
    NODE_ENV: "test",
    LOG_LEVEL: "warn",
    PORT: "0",
    REPORT_SQL_STATEMENTS: "true",
    JWT_SECRET: testSecret(),
    RATE_LIMIT_PER_MINUTE: "1000000",
    COST_BUDGET_PER_MINUTE: "1000000000",
    // The scheduled jobs run once at start, then only when a test calls `platform.scheduler.runOnce()`.
    SCHEDULER_INTERVAL_MS: "3600000",
    PGLITE_DATA_DIR: db.pgliteDataDir,
    ...(db.databaseUrl ? { DATABASE_URL: db.databaseUrl } : {}),
    ...env,
  });
  const platform = await startPlatform(config);
  const tokenFor = (identity: TestIdentity, hours?: number) =>
    signToken(config.auth, identity, hours);
  const graphqlAs =
    (identity: TestIdentity | null) =>
    async <T = unknown>(query: string, variables?: Record<string, unknown>) => {
      const res = await fetch(platform.url, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          ...(identity ? { authorization: `Bearer ${await tokenFor(identity)}` } : {}),
        },
        body: JSON.stringify({ query, variables }),
      });
      return { ...((await res.json()) as GraphQLResponse<T>), status: res.status };
    };
  const graphql = graphqlAs(ADMIN);
  return {
    platform,
    database: db,
    tokenFor,
    as: (identity) => ({ graphql: graphqlAs(identity) }),
    graphql,
    countingStatements: async <T>(query: string, variables?: Record<string, unknown>) => {
      const response = await graphql<T>(query, variables);
      const statements = (response as { extensions?: { sqlStatements?: number } }).extensions
        ?.sqlStatements;
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
  if (!other.database.databaseUrl)
    throw new Error("several instances need PostgreSQL: PGlite lives inside one process");
  return { ...other.database, drop: async () => undefined };
}

function testSecret(): string {
  const secret = process.env.QN_TEST_JWT_SECRET;
  if (!secret)
    throw new Error(
      "QN_TEST_JWT_SECRET is not set: run the tests through jest (tests/harness/global-setup.ts)",
    );
  return secret;
}
