import { loadConfig } from "../server/config/config";
import { StartupError } from "../server/shared/startup-error";

/**
 * Runs a command on the embedded database with its one argument, a file: prints what `work` returns
 * and exits 0, or prints the reason in one line (a stack trace only for the unforeseen) and exits 1.
 */
export function runEmbeddedCommand(usage: string, work: (file: string) => Promise<string>): void {
  const run = async () => {
    const file = process.argv[2];
    if (!file || process.argv.length > 3) throw new StartupError(`usage: ${usage}`);
    const config = loadConfig();
    if (config.databaseUrl)
      throw new StartupError(
        "DATABASE_URL is set: this command is for the embedded database; back up PostgreSQL with its own tools (docs/deploy.md)",
      );
    if (config.pgliteDataDir.startsWith("memory://"))
      throw new StartupError(
        "PGLITE_DATA_DIR is memory://: that database lives only inside its server",
      );
    return work(file);
  };
  run().then(
    (done) => {
      process.stdout.write(`${done}\n`);
      process.exit(0);
    },
    (error) => {
      process.stderr.write(
        error instanceof StartupError
          ? `${error.message}\n`
          : `${error instanceof Error ? error.stack : error}\n`,
      );
      process.exit(1);
    },
  );
}
