import "reflect-metadata";
import { openConfiguredDatabase } from "../server/app/platform";
import { loadConfig } from "../server/config/config";
import { prepareDatabase } from "../server/db/prepare";

/** `npm run migrate`: applies pending migrations to the configured database. */
async function main() {
  const database = await openConfiguredDatabase(loadConfig());
  try {
    await prepareDatabase(database);
    process.stdout.write("migrations are up to date\n");
  } finally {
    await database.close();
  }
}

main().catch((e) => {
  process.stderr.write(`${e instanceof Error ? e.message : e}\n`);
  process.exit(1);
});
