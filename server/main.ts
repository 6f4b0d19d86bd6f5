import "reflect-metadata";
import { demoTokenLines } from "./app/demo-tokens";
import { landingAddresses } from "./app/landing-page";
import { startPlatform, type Platform } from "./app/platform";
import { loadConfig, type PlatformConfig } from "./config/config";
import { StartupError } from "./shared/startup-error";

async function main(): Promise<void> {
  const config = loadConfig();
  // Signals are handled from the first moment: one arriving while the server starts stops it as soon
  // as it has started, with the database closed, rather than killing it halfway through opening it.
  let stopRequested: string | null = null;
  let platform: Platform | null = null;
  const onSignal = (signal: string) => {
    // Ctrl-C under npm reaches this process twice (from the terminal, and forwarded by npm): the
    // second must not cut the first one's shutdown short, which would leave PGlite unclosed.
    if (stopRequested) return;
    stopRequested = signal;
    if (platform) stop(platform, config, signal);
  };
  process.on("SIGINT", () => onSignal("SIGINT"));
  process.on("SIGTERM", () => onSignal("SIGTERM"));

  platform = await startPlatform(config);
  if (stopRequested) return stop(platform, config, stopRequested);
  const store =
    platform.database.kind === "pglite" ? `PGlite in ${config.pgliteDataDir}` : "PostgreSQL";
  process.stdout.write(
    `Quy Nhơn poverty-reduction platform: GraphQL at ${platform.url} (${store})\n`,
  );
  process.stdout.write(`${landingAddresses(new URL(platform.url).origin).join("\n")}\n`);
  if (config.auth.kind === "development-key") {
    const lines = await demoTokenLines(config.auth);
    process.stdout.write(
      `Development tokens (12 h; send as "Authorization: Bearer <token>"; more with npm run token):\n${lines.join("\n")}\n`,
    );
  }
}

/** Closes everything (see Platform.close) and exits 0, or 1 when that fails or outlasts its bound. */
function stop(platform: Platform, config: PlatformConfig, signal: string): void {
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
      platform.logger.error(
        { err: { message: error instanceof Error ? error.message : String(error) } },
        "shutdown failed",
      );
      process.exit(1);
    },
  );
}

main().catch((error) => {
  process.stderr.write(
    error instanceof StartupError
      ? `${error.message}\n`
      : `start-up failed: ${error instanceof Error ? error.stack : error}\n`,
  );
  process.exit(1);
});
