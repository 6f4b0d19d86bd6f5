import "reflect-metadata";
import { demoTokenLines } from "./app/demo-tokens";
import { startPlatform } from "./app/platform";
import { ConfigError, loadConfig } from "./config/config";

async function main(): Promise<void> {
  const config = loadConfig();
  const platform = await startPlatform(config);
  const store = platform.database.kind === "pglite" ? `PGlite in ${config.pgliteDataDir}` : "PostgreSQL";
  process.stdout.write(`Quy Nhơn poverty-reduction platform: GraphQL at ${platform.url} (${store})\n`);
  if (config.auth.kind === "development-key") {
    const lines = await demoTokenLines(config.auth);
    process.stdout.write(`Development tokens (12 h; send as "Authorization: Bearer <token>"; more with npm run token):\n${lines.join("\n")}\n`);
  }
  const stop = () => platform.close().then(() => process.exit(0), () => process.exit(1));
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

main().catch((error) => {
  process.stderr.write(error instanceof ConfigError ? `${error.message}\n` : `start-up failed: ${error instanceof Error ? error.stack : error}\n`);
  process.exit(1);
});
