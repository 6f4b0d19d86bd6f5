import type { PlatformConfig } from "../config/config";
import { openDatabase, type Database } from "../db/data-source";
import { entities } from "../db/entities";
import { prepareDatabase } from "../db/prepare";
import type { TaskEventFeed } from "../modules/notifications";
import { ESCALATION_ACTOR } from "../modules/deadlines";
import { WARD_CHANGE_ACTOR } from "../modules/ward-changes";
import { seedDemoWork, seedPlanDataIfEmpty } from "../modules/plan-data";
import { systemActor } from "../shared/actor";
import { Authenticator, createTokenVerifier } from "../shared/auth";
import { createLogger, type Logger } from "../shared/logger";
import { startScheduler, type Scheduler } from "./scheduler";
import { bindPort, type BoundPort } from "./http-port";
import { startHttpServer } from "./http-server";
import { PlatformMetrics } from "./metrics";
import { RateLimiter } from "./rate-limiter";
import { readinessProbe } from "./readiness";
import { buildPlatformSchema } from "./schema";
import { createServices } from "./services";
import { loadTrustedDocuments, trustedDocumentTexts } from "./trusted-documents";

export interface Platform {
  url: string;
  port: number;
  database: Database;
  /** This instance's reader of task events (tests await it to pin down delivery timing). */
  feed: TaskEventFeed;
  logger: Logger;
  /** The scheduled jobs (administrative changes, overdue escalation, profile counts); `runOnce` runs them now. */
  scheduler: Pick<Scheduler, "runOnce">;
  /** Stops accepting, finishes in-flight requests, tells WebSocket clients to reconnect, stops listening, releases the pool. */
  close(): Promise<void>;
}

/**
 * Binds the port, opens the database, brings its schema up to date, loads the plan's data into an
 * empty one, and serves the API. The port comes first: a server that cannot serve never opens the
 * database (an embedded one may have one process only). Throws StartupError for what a person can fix.
 */
export async function startPlatform(config: PlatformConfig): Promise<Platform> {
  const logger = createLogger(config.logLevel);
  const bound = await bindPort(config.port);
  const database = await openConfiguredDatabase(config, logger, bound).catch(
    async (error: unknown) => {
      await bound.close();
      throw error;
    },
  );
  try {
    let demoLoaded = false;
    await prepareDatabase(database, async () => {
      if (config.seedDemoData)
        demoLoaded = await seedPlanDataIfEmpty(systemActor("plan-data"), database.dataSource);
    });
    let feed: TaskEventFeed | null = null;
    const metrics = new PlatformMetrics(database, () => feed!);
    const services = createServices(database, {
      delivered: (lag) => metrics.deliveryLag.observe(lag),
      failed: (error) =>
        logger.warn(
          { err: { message: error instanceof Error ? error.message : String(error) } },
          "task event feed could not read",
        ),
    });
    // A demo city just loaded gets its plan's work so far; a database with data is left as it is.
    if (demoLoaded)
      await seedDemoWork(
        systemActor("demo-secretariat"),
        database.dataSource,
        services.routing,
        services.tasks,
      );
    feed = services.taskEventFeed;
    await feed.start();
    const rateLimiter = new RateLimiter(
      database.dataSource,
      config.limits.requestsPerMinute,
      config.limits.costPerMinute,
    );
    const http = await startHttpServer({
      schema: await buildPlatformSchema(services),
      services,
      authenticator: new Authenticator(createTokenVerifier(config.auth), database.dataSource),
      rateLimiter,
      limits: config.limits,
      introspection: config.introspection,
      trustedDocuments: config.enforceTrustedDocuments ? loadTrustedDocuments() : null,
      compiledDocuments: trustedDocumentTexts(),
      bound,
      development: config.nodeEnv === "development",
      exposeStackTraces: config.exposeStackTraces,
      statements: database.statements,
      reportSqlStatements: config.reportSqlStatements,
      logger,
      metrics,
      readiness: readinessProbe(database, services.taskEventFeed),
      shutdownGraceMs: config.shutdownGraceMs,
      wsKeepAliveMs: config.wsKeepAliveMs,
      // Demo sign-in mints tokens: never in production, and only where this server signs tokens itself.
      webApp: {
        oidc: config.oidc,
        demoSigning:
          config.nodeEnv !== "production" && config.auth.kind !== "jwks" ? config.auth : null,
        demoScopeNames: services,
      },
    });
    const scheduler = startScheduler(
      [
        {
          name: "administrative changes",
          run: () => services.administrativeChanges.applyDue(WARD_CHANGE_ACTOR),
        },
        {
          name: "overdue escalation",
          run: () => services.overdueEscalation.escalateDue(ESCALATION_ACTOR),
        },
        {
          name: "household profile counts",
          run: () => services.householdProfileCounts.fold(systemActor("household-profile-counts")),
        },
      ],
      config.schedulerIntervalMs,
      logger,
    );
    logger.info({ port: http.port, database: database.kind }, "serving");
    return {
      url: http.url,
      port: http.port,
      database,
      feed: services.taskEventFeed,
      logger,
      scheduler,
      close: async () => {
        await http.close();
        // Unspent leases go back to the shared budget while the database is still open.
        await rateLimiter.close();
        await scheduler.stop();
        await services.taskEventFeed.stop();
        await database.close();
        logger.info("stopped");
      },
    };
  } catch (error) {
    await database.close();
    await bound.close();
    throw error;
  }
}

/** The configured database; `server` names the server opening it, for anyone who finds an embedded one taken. */
export function openConfiguredDatabase(
  config: PlatformConfig,
  logger: Logger = createLogger(config.logLevel),
  server?: BoundPort,
): Promise<Database> {
  return openDatabase({
    databaseUrl: config.databaseUrl,
    pgliteDataDir: config.pgliteDataDir,
    poolSize: config.databasePoolSize,
    entities,
    logger,
    timeZone: config.timeZone,
    holder: server ? { what: `the server at ${server.url}`, url: server.url } : undefined,
  });
}
