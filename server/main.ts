import "reflect-metadata";
import { demoTokenLines } from "./app/demo-tokens";
import { startPlatform } from "./app/platform";
import { ConfigError, loadConfig } from "./config/config";

async function main(): Promise<void> {
  const config = loadConfig();
  const platform = await startPlatform(config);
  const store = platform.database.kind === "pglite" ? `PGlite in ${config.pgliteDataDir}` : "PostgreSQL";
  process.stdout.write(`Quy Nhơn poverty-reduction platform: GraphQL at ${platform.url} (${store})\n`);
  process.stdout.write(`Web app: ${new URL("/app/", platform.url)}\n`);
  if (config.auth.kind === "development-key") {
    const lines = await demoTokenLines(config.auth);
    process.stdout.write(`Development tokens (12 h; send as "Authorization: Bearer <token>"; more with npm run token):\n${lines.join("\n")}\n`);
  }
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    platform.logger.info({ signal }, "shutting down");
    // Bounded: in-flight requests get the grace period, then everything else a few seconds more.
    const deadline = setTimeout(() => {
      platform.logger.error("shutdown took too long; exiting");
      process.exit(1);
    }, config.shutdownGraceMs + 5000);
    deadline.unref();
    platform.close().then(
      () => process.exit(0),
      (error) => {
        platform.logger.error({ err: { message: error instanceof Error ? error.message : String(error) } }, "shutdown failed");
        process.exit(1);
      },
    );
  };
  process.once("SIGINT", () => stop("SIGINT"));
  process.once("SIGTERM", () => stop("SIGTERM"));
}

main().catch((error) => {
  process.stderr.write(error instanceof ConfigError ? `${error.message}\n` : `start-up failed: ${error instanceof Error ? error.stack : error}\n`);
  process.exit(1);
});
