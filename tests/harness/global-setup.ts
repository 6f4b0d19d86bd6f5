import "reflect-metadata";
import { randomBytes } from "node:crypto";
import { mkdirSync } from "node:fs";
import { openDatabase } from "../../server/db/data-source";
import { entities } from "../../server/db/entities";
import { prepareDatabase } from "../../server/db/prepare";
import { createLogger } from "../../server/shared/logger";
import { seedPlanDataIfEmpty } from "../../server/modules/plan-data";
import { systemActor } from "../../server/shared/actor";
import {
  onServer,
  serverUrl,
  templateDatabaseName,
  templateDataDir,
  withDatabase,
} from "./test-database";

/** Makes this run's template database: migrated, with the plan's data. */
export default async function globalSetup(): Promise<void> {
  const id = `${Date.now().toString(36)}${randomBytes(3).toString("hex")}`;
  process.env.QN_TEST_RUN_ID = id;
  // A signing secret of this run only: no token is written into test configuration.
  process.env.QN_TEST_JWT_SECRET = randomBytes(32).toString("base64url");
  const url = serverUrl();
  if (url) await onServer(url, (c) => c.query(`CREATE DATABASE ${templateDatabaseName(id)}`));
  else mkdirSync(templateDataDir(id), { recursive: true });

  const database = await openDatabase({
    databaseUrl: url ? withDatabase(url, templateDatabaseName(id)) : undefined,
    pgliteDataDir: templateDataDir(id),
    poolSize: 2,
    entities,
    logger: createLogger("warn"),
  });
  try {
    await prepareDatabase(database, async () => {
      await seedPlanDataIfEmpty(systemActor("plan-data"), database.dataSource);
    });
  } finally {
    await database.close();
  }
}
