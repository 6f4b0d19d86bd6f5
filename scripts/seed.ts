import "reflect-metadata";
import { openConfiguredDatabase } from "../server/app/platform";
import { loadConfig } from "../server/config/config";
import { prepareDatabase } from "../server/db/prepare";
import { createServices } from "../server/app/services";
import { seedDemoWork, seedPlanDataIfEmpty } from "../server/modules/plan-data";
import { systemActor } from "../server/shared/actor";

/** `npm run seed`: migrates, then loads the plan's data if the database has none. */
async function main() {
  const database = await openConfiguredDatabase(loadConfig());
  try {
    let loaded = false;
    await prepareDatabase(database, async () => {
      loaded = await seedPlanDataIfEmpty(systemActor("plan-data"), database.dataSource);
    });
    if (loaded) {
      const services = createServices(database);
      await seedDemoWork(
        systemActor("demo-secretariat"),
        database.dataSource,
        services.routing,
        services.tasks,
      );
    }
    process.stdout.write(
      loaded
        ? "loaded the plan's data and the demo city's work of 2024–2025\n"
        : "the database already holds data; nothing loaded\n",
    );
  } finally {
    await database.close();
  }
}

main().catch((e) => {
  process.stderr.write(`${e instanceof Error ? e.message : e}\n`);
  process.exit(1);
});
