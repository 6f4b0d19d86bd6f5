import { existsSync, renameSync, rmSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { StartupError } from "../shared/startup-error";
import { lockDataDir } from "./data-dir-lock";
import { openEmbedded, openPGlite, runningCommand } from "./embedded";

/**
 * Writes the embedded database in `dataDir` to `file` as a gzipped tarball (PGlite's own format,
 * checkpointed first so the files are consistent). Returns the file's size in bytes. Throws
 * DataDirInUse while a server or command holds the directory, StartupError when there is no database.
 */
export async function backUpEmbedded(dataDir: string, file: string): Promise<number> {
  if (!existsSync(join(dataDir, "PG_VERSION")))
    throw new StartupError(
      `there is no embedded database in ${dataDir} to back up (PGLITE_DATA_DIR)`,
    );
  const database = await openEmbedded(dataDir);
  try {
    await database.pglite.exec("CHECKPOINT");
    const bytes = Buffer.from(await (await database.pglite.dumpDataDir("gzip")).arrayBuffer());
    await writeFile(file, bytes);
    return bytes.length;
  } finally {
    await database.close();
  }
}

/**
 * Replaces the embedded database in `dataDir` with the backup in `file`. The backup is unpacked and
 * opened beside the directory first, so a file that is no backup changes nothing; the directory it
 * replaces is kept aside, never deleted. Returns where it was kept (null when there was none). Throws
 * DataDirInUse while a server or command holds the directory, StartupError for an unusable file.
 */
export async function restoreEmbedded(dataDir: string, file: string): Promise<string | null> {
  const lock = lockDataDir(dataDir, runningCommand());
  try {
    const bytes = await readFile(file).catch((error: NodeJS.ErrnoException) => {
      throw new StartupError(
        `cannot read the backup ${file}: ${error.code === "ENOENT" ? "no such file" : error.message}`,
      );
    });
    const staging = `${resolve(dataDir)}.restoring-${process.pid}`;
    rmSync(staging, { recursive: true, force: true });
    try {
      const pglite = await openPGlite(staging, new Blob([bytes]));
      await pglite.query("SELECT count(*) FROM pg_class");
      await pglite.close();
    } catch (error) {
      rmSync(staging, { recursive: true, force: true });
      throw new StartupError(
        `${file} is not a backup of the embedded database (npm run backup makes one): ${error instanceof Error ? error.message : error}`,
      );
    }
    const aside = existsSync(dataDir)
      ? `${resolve(dataDir)}.before-restore-${new Date().toISOString().replace(/[:.]/g, "-")}`
      : null;
    if (aside) renameSync(dataDir, aside);
    renameSync(staging, dataDir);
    return aside;
  } finally {
    lock.release();
  }
}
