import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { PGlite, types as pgliteTypes } from "@electric-sql/pglite";
import { StartupError } from "../shared/startup-error";
import { lockDataDir } from "./data-dir-lock";

/** What a process holding an embedded database is, for whoever finds it taken; a server gives its URL. */
export interface Holder {
  what: string;
  url?: string;
}

export interface EmbeddedDatabase {
  pglite: PGlite;
  /** Closes PGlite, then releases the directory's lock. */
  close(): Promise<void>;
}

/**
 * Opens the PGlite database in `dataDir` (creating it when empty) under the directory's exclusive
 * lock, taken first. Throws DataDirInUse when another live process holds the directory, and a
 * StartupError saying how to restore when its files are damaged. `memory://` needs no lock.
 */
export async function openEmbedded(
  dataDir: string,
  holder: Holder = { what: runningCommand() },
): Promise<EmbeddedDatabase> {
  const lock = dataDir.startsWith("memory://")
    ? null
    : lockDataDir(dataDir, holder.what, holder.url);
  try {
    const pglite = await openPGlite(dataDir);
    return {
      pglite,
      close: async () => {
        try {
          await pglite.close();
        } finally {
          lock?.release();
        }
      },
    };
  } catch (error) {
    lock?.release();
    throw error;
  }
}

/**
 * PGlite with node-postgres's shapes of values; `loadDataDir` fills an empty directory from a backup.
 * The caller holds the directory's lock.
 */
export async function openPGlite(dataDir: string, loadDataDir?: Blob): Promise<PGlite> {
  const inMemory = dataDir.startsWith("memory://");
  const existing = !inMemory && existsSync(join(dataDir, "PG_VERSION"));
  if (!inMemory) mkdirSync(dataDir, { recursive: true });
  try {
    return await PGlite.create({
      dataDir,
      loadDataDir,
      // Match node-postgres so both databases hand the code the same shapes.
      parsers: {
        [pgliteTypes.INT8]: (v: string) => v,
        [pgliteTypes.DATE]: (v: string) => v,
      },
    });
  } catch (error) {
    if (!existing) throw error;
    // PGlite reports damaged files only as a WebAssembly abort ("RuntimeError: Aborted(). Build with -sASSERTIONS…").
    const reason =
      error instanceof Error && !/^Aborted\(/.test(error.message) ? ` (${error.message})` : "";
    throw new StartupError(
      `the embedded database in ${dataDir} cannot be opened: its files are damaged or incomplete, PostgreSQL gave up reading them${reason}. ` +
        `Restore a backup with "npm run restore -- <backup file>" (it keeps the damaged directory aside), or move the directory away to start with a new, empty database.`,
    );
  }
}

/** `npm run <script>` when npm runs this process, else the program's file. */
export function runningCommand(): string {
  const script = process.env.npm_lifecycle_event;
  return script ? `npm run ${script}` : `node ${process.argv[1] ?? "(unknown program)"}`;
}
