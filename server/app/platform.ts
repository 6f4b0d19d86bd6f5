import type { PlatformConfig } from "../config/config";
import { openDatabase, type Database } from "../db/data-source";
import { entities } from "../db/entities";
import { prepareDatabase } from "../db/prepare";
import type { TaskEventFeed } from "../modules/notifications";
import { seedPlanDataIfEmpty } from "../modules/plan-data";
import { Authenticator, createTokenVerifier } from "../shared/auth";
import { startHttpServer } from "./http-server";
import { RateLimiter } from "./rate-limiter";
import { loadTrustedDocuments } from "./trusted-documents";
import { buildPlatformSchema } from "./schema";
import { createServices } from "./services";

export interface Platform {
  url: string;
  port: number;
  database: Database;
  /** This instance's reader of task events (tests await it to pin down delivery timing). */
  feed: TaskEventFeed;
  close(): Promise<void>;
}

/** Opens the database, brings its schema up to date, loads the plan's data into an empty one, and serves the API. */
export async function startPlatform(config: PlatformConfig): Promise<Platform> {
  const database = await openConfiguredDatabase(config);
  try {
    await prepareDatabase(database, async () => {
      if (config.seedDemoData) await seedPlanDataIfEmpty(database.dataSource);
    });
    const services = createServices(database);
    await services.taskEventFeed.start();
    const http = await startHttpServer({
      schema: await buildPlatformSchema(services),
      services,
      authenticator: new Authenticator(createTokenVerifier(config.auth), database.dataSource),
      rateLimiter: new RateLimiter(database.dataSource, config.limits.requestsPerMinute),
      limits: config.limits,
      introspection: config.introspection,
      trustedDocuments: config.enforceTrustedDocuments ? loadTrustedDocuments() : null,
      port: config.port,
      development: config.nodeEnv === "development",
      statements: database.statements,
      reportSqlStatements: config.reportSqlStatements,
    });
    return {
      url: http.url,
      port: http.port,
      database,
      feed: services.taskEventFeed,
      close: async () => {
        await http.close();
        await services.taskEventFeed.stop();
        await database.close();
      },
    };
  } catch (error) {
    await database.close();
    throw error;
  }
}

export function openConfiguredDatabase(config: PlatformConfig): Promise<Database> {
  return openDatabase({
    databaseUrl: config.databaseUrl,
    pgliteDataDir: config.pgliteDataDir,
    poolSize: config.databasePoolSize,
    entities,
  });
}
