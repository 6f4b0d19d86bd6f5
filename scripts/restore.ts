import { loadConfig } from "../server/config/config";
import { restoreEmbedded } from "../server/db/embedded-backup";
import { runEmbeddedCommand } from "./embedded-command";

/** `npm run restore -- <file>`: replaces the embedded database (PGLITE_DATA_DIR) with a backup; the server must be stopped. */
runEmbeddedCommand("npm run restore -- <file.tar.gz>", async (file) => {
  const dataDir = loadConfig().pgliteDataDir;
  const aside = await restoreEmbedded(dataDir, file);
  return `restored the embedded database ${dataDir} from ${file}${aside ? `; the database it replaced is kept in ${aside}` : ""}`;
});
