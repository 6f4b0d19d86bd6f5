import { loadConfig } from "../server/config/config";
import { backUpEmbedded } from "../server/db/embedded-backup";
import { runEmbeddedCommand } from "./embedded-command";

/** `npm run backup -- <file>`: writes the embedded database (PGLITE_DATA_DIR) to a file; the server must be stopped. */
runEmbeddedCommand("npm run backup -- <file.tar.gz>", async (file) => {
  const dataDir = loadConfig().pgliteDataDir;
  const bytes = await backUpEmbedded(dataDir, file);
  return `backed up the embedded database ${dataDir} to ${file} (${(bytes / 1024 / 1024).toFixed(1)} MB); restore it with: npm run restore -- ${file}`;
});
