import { z } from "zod";
import { DEFAULT_TIME_ZONE, isTimeZone } from "../shared/dates";
import { StartupError } from "../shared/startup-error";

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
  auth: AuthConfig;
  limits: RequestLimits;
  /** Whether authenticated users may introspect the schema. */
  introspection: boolean;
  /** Whether error answers carry a `stacktrace` (server paths): only when an operator asks for it while debugging. */
  exposeStackTraces: boolean;
  /** Hold agency staff and ward officers to the client SDK's operations (the trusted-documents manifest). */
  enforceTrustedDocuments: boolean;
  /** pino level: fatal, error, warn, info, debug, trace or silent. */
  logLevel: string;
  /** How long a shutdown may wait for in-flight requests before it closes their connections. */
  shutdownGraceMs: number;
  /** Interval of WebSocket pings: keeps idle sockets open through load balancers and finds dead peers. */
  wsKeepAliveMs: number;
  /** How often each instance runs its scheduled jobs (e.g. administrative changes coming into effect). */
  schedulerIntervalMs: number;
  /** IANA time zone every calendar date is taken in, in Node and in database sessions. */
  timeZone: string;
  /** How the web app at /app signs users in with the OIDC provider (authorization code + PKCE); null: no provider. */
  oidc: OidcClientConfig | null;
}

/** A public OIDC client (no secret: the app runs in the browser, PKCE protects the code). */
export interface OidcClientConfig {
  authorizationUrl: string;
  tokenUrl: string;
  clientId: string;
  /** Where the provider ends its session on sign-out (Keycloak: …/protocol/openid-connect/logout); optional. */
  endSessionUrl?: string;
}

/** How bearer tokens are verified: a shared HS256 secret, or an OIDC provider's JWKS; and how long they may live. */
export type AuthConfig = TokenKeys & {
  /** Longest lifetime (exp after iat, or after now without iat) a token may have, in seconds. */
  maxTokenLifetimeSeconds: number;
};

type TokenKeys =
  | { kind: "secret"; secret: string; issuer?: string; audience?: string }
  | { kind: "jwks"; jwksUrl: string; issuer: string; audience: string }
  /** Development only: a random HS256 key kept in a local file, so `npm run token` can sign. */
  | { kind: "development-key"; keyFile: string };

export interface RequestLimits {
  maxDepth: number;
  maxCost: number;
  maxRecursiveSelections: number;
  maxRootFields: number;
  maxAliases: number;
  maxBodyBytes: number;
  requestsPerMinute: number;
  /** Estimated cost (see app/query-safety.ts) each user may spend per minute, counted for all instances. */
  costPerMinute: number;
}

const booleanText = z
  .enum(["true", "false", "1", "0"], { message: "expected true or false" })
  .transform((v) => v === "true" || v === "1");

const environmentSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce
    .number({ message: "expected a port number" })
    .int()
    .min(0)
    .max(65535)
    .default(4000),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "expected a postgres:// or postgresql:// URL")
    .optional(),
  PGLITE_DATA_DIR: z.string().min(1).default(".data/pglite"),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  SEED_DEMO_DATA: booleanText.default(true),
  REPORT_SQL_STATEMENTS: booleanText.default(false),
  JWT_SECRET: z.string().min(32, "expected at least 32 characters").optional(),
  JWKS_URL: z.url({ message: "expected the https URL of the provider's JWKS" }).optional(),
  JWT_ISSUER: z.string().min(1).optional(),
  JWT_AUDIENCE: z.string().min(1).optional(),
  DEV_SIGNING_KEY_FILE: z.string().min(1).default(".data/dev-signing-key"),
  INTROSPECTION: booleanText.optional(),
  MAX_QUERY_DEPTH: z.coerce.number().int().min(2).max(50).default(12),
  MAX_QUERY_COST: z.coerce.number().int().min(10).default(20_000),
  MAX_RECURSIVE_SELECTIONS: z.coerce.number().int().min(100).default(10_000),
  MAX_ROOT_FIELDS: z.coerce.number().int().min(1).default(20),
  MAX_ALIASES: z.coerce.number().int().min(0).default(50),
  MAX_BODY_BYTES: z.coerce.number().int().min(1024).default(200_000),
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(600),
  COST_BUDGET_PER_MINUTE: z.coerce.number().int().min(1).default(300_000),
  TOKEN_MAX_LIFETIME_HOURS: z.coerce
    .number({ message: "expected a number of hours" })
    .positive()
    .max(24 * 30)
    .default(12),
  EXPOSE_STACK_TRACES: booleanText.default(false),
  TRUSTED_DOCUMENTS: z
    .enum(["off", "enforce"], { message: "expected off or enforce" })
    .default("off"),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).max(600_000).default(10_000),
  WS_KEEPALIVE_MS: z.coerce.number().int().min(1000).max(600_000).default(20_000),
  SCHEDULER_INTERVAL_MS: z.coerce.number().int().min(1000).max(3_600_000).default(60_000),
  OIDC_AUTHORIZATION_URL: z
    .url({ message: "expected the provider's authorization endpoint URL" })
    .optional(),
  OIDC_TOKEN_URL: z.url({ message: "expected the provider's token endpoint URL" }).optional(),
  OIDC_CLIENT_ID: z.string().min(1).optional(),
  OIDC_END_SESSION_URL: z
    .url({ message: "expected the provider's end-session endpoint URL" })
    .optional(),
  TIME_ZONE: z
    .string()
    .refine(isTimeZone, "expected an IANA time zone such as Asia/Ho_Chi_Minh")
    .default(DEFAULT_TIME_ZONE),
});

export class ConfigError extends StartupError {}

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
  const production = e.NODE_ENV === "production";
  return {
    nodeEnv: e.NODE_ENV,
    port: e.PORT,
    databaseUrl: e.DATABASE_URL,
    pgliteDataDir: e.PGLITE_DATA_DIR,
    databasePoolSize: e.DATABASE_POOL_SIZE,
    seedDemoData: e.SEED_DEMO_DATA,
    reportSqlStatements: e.REPORT_SQL_STATEMENTS,
    auth: {
      ...tokenKeys(e, production),
      maxTokenLifetimeSeconds: Math.round(e.TOKEN_MAX_LIFETIME_HOURS * 3600),
    },
    limits: {
      maxDepth: e.MAX_QUERY_DEPTH,
      maxCost: e.MAX_QUERY_COST,
      maxRecursiveSelections: e.MAX_RECURSIVE_SELECTIONS,
      maxRootFields: e.MAX_ROOT_FIELDS,
      maxAliases: e.MAX_ALIASES,
      maxBodyBytes: e.MAX_BODY_BYTES,
      requestsPerMinute: e.RATE_LIMIT_PER_MINUTE,
      costPerMinute: e.COST_BUDGET_PER_MINUTE,
    },
    introspection: e.INTROSPECTION ?? !production,
    exposeStackTraces: e.EXPOSE_STACK_TRACES,
    enforceTrustedDocuments: e.TRUSTED_DOCUMENTS === "enforce",
    logLevel: e.LOG_LEVEL,
    shutdownGraceMs: e.SHUTDOWN_GRACE_MS,
    wsKeepAliveMs: e.WS_KEEPALIVE_MS,
    schedulerIntervalMs: e.SCHEDULER_INTERVAL_MS,
    timeZone: e.TIME_ZONE,
    oidc: oidcClient(e),
  };
}

function oidcClient(e: z.infer<typeof environmentSchema>): OidcClientConfig | null {
  const given = [e.OIDC_AUTHORIZATION_URL, e.OIDC_TOKEN_URL, e.OIDC_CLIENT_ID].filter(
    Boolean,
  ).length;
  if (given === 0) return null;
  if (given < 3)
    throw new ConfigError(
      "Invalid configuration:\n  OIDC_AUTHORIZATION_URL, OIDC_TOKEN_URL and OIDC_CLIENT_ID go together: set all three or none",
    );
  return {
    authorizationUrl: e.OIDC_AUTHORIZATION_URL!,
    tokenUrl: e.OIDC_TOKEN_URL!,
    clientId: e.OIDC_CLIENT_ID!,
    endSessionUrl: e.OIDC_END_SESSION_URL,
  };
}

function tokenKeys(e: z.infer<typeof environmentSchema>, production: boolean): TokenKeys {
  if (e.JWKS_URL) {
    if (!e.JWT_ISSUER || !e.JWT_AUDIENCE)
      throw new ConfigError(
        "Invalid configuration:\n  JWKS_URL needs JWT_ISSUER and JWT_AUDIENCE, which tokens are checked against",
      );
    if (e.JWT_SECRET)
      throw new ConfigError(
        "Invalid configuration:\n  set either JWT_SECRET or JWKS_URL, not both",
      );
    return { kind: "jwks", jwksUrl: e.JWKS_URL, issuer: e.JWT_ISSUER, audience: e.JWT_AUDIENCE };
  }
  if (e.JWT_SECRET)
    return { kind: "secret", secret: e.JWT_SECRET, issuer: e.JWT_ISSUER, audience: e.JWT_AUDIENCE };
  if (production) {
    throw new ConfigError(
      "Invalid configuration:\n  production (NODE_ENV=production) needs real token verification: set JWT_SECRET (at least 32 characters) " +
        "or JWKS_URL with JWT_ISSUER and JWT_AUDIENCE. The development signing key is refused in production.",
    );
  }
  return { kind: "development-key", keyFile: e.DEV_SIGNING_KEY_FILE };
}
