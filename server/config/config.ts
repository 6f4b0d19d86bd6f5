import { z } from "zod";

/** Settings the platform reads once at start-up; see README "Configuration". */
export interface PlatformConfig {
  /** `production` hides error details from clients; anything else is development. */
  nodeEnv: "development" | "production" | "test";
  port: number;
  /** PostgreSQL server to use; when absent the embedded PGlite database is used. */
  databaseUrl?: string;
  /** Where PGlite keeps its files; `memory://` keeps nothing on disk. */
  pgliteDataDir: string;
  /** Largest number of pooled connections to a PostgreSQL server. */
  databasePoolSize: number;
  /** Load the plan's demo data when the database has no wards yet. */
  seedDemoData: boolean;
  /** Add `extensions.sqlStatements` (statements the request cost) to HTTP answers: for tests and benchmarks. */
  reportSqlStatements: boolean;
}

const booleanText = z
  .enum(["true", "false", "1", "0"], { message: "expected true or false" })
  .transform((v) => v === "true" || v === "1");

const environmentSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce.number({ message: "expected a port number" }).int().min(0).max(65535).default(4000),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "expected a postgres:// or postgresql:// URL")
    .optional(),
  PGLITE_DATA_DIR: z.string().min(1).default(".data/pglite"),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  SEED_DEMO_DATA: booleanText.default(true),
  REPORT_SQL_STATEMENTS: booleanText.default(false),
});

export class ConfigError extends Error {}

/**
 * Reads and validates the settings from an environment.
 * Throws ConfigError naming every bad variable and what it expects.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): PlatformConfig {
  const blankAsUnset = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== ""));
  const parsed = environmentSchema.safeParse(blankAsUnset);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n  ${problems.join("\n  ")}`);
  }
  const e = parsed.data;
  return {
    nodeEnv: e.NODE_ENV,
    port: e.PORT,
    databaseUrl: e.DATABASE_URL,
    pgliteDataDir: e.PGLITE_DATA_DIR,
    databasePoolSize: e.DATABASE_POOL_SIZE,
    seedDemoData: e.SEED_DEMO_DATA,
    reportSqlStatements: e.REPORT_SQL_STATEMENTS,
  };
}
