import { linkSync, mkdirSync, readFileSync, renameSync, unlinkSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { dirname, resolve } from "node:path";
import { StartupError } from "../shared/startup-error";

/** Who holds an embedded database directory: written into its lock file for anyone who finds it taken. */
export interface LockHolder {
  pid: number;
  /** The process's start time in clock ticks since boot (Linux): tells a live holder from a new process that reuses a dead one's pid. */
  startTicks: number | null;
  host: string;
  since: string;
  /** What the holder is, for people: "the server at http://localhost:4000/graphql", "npm run backup". */
  what: string;
  /** The GraphQL URL of a server holding the directory: commands reach its data through it instead. */
  url?: string;
}

export interface DataDirLock {
  release(): void;
}

/** The directory is held by a live process: `holder` says which, the message what to do instead. */
export class DataDirInUse extends StartupError {
  constructor(
    readonly dataDir: string,
    readonly holder: LockHolder,
  ) {
    const what = `${holder.what} (pid ${holder.pid}${holder.host === hostname() ? "" : ` on ${holder.host}`}, since ${holder.since})`;
    const instead = holder.url
      ? `use that server, or stop it first (Ctrl-C in its terminal, or kill ${holder.pid})`
      : `wait until it ends, or stop it first (kill ${holder.pid})`;
    super(
      `the embedded database ${dataDir} is in use by ${what}: only one process at a time may open it; ${instead}`,
    );
  }
}

/** The lock file sits beside the directory, so backups and restores of the directory never carry it. */
export const lockFileOf = (dataDir: string) => `${resolve(dataDir)}.lock`;

/**
 * Takes the exclusive lock on an embedded (PGlite) database directory, before anything opens it:
 * PGlite lets one process use a directory, and a second one that opens and closes it destroys the
 * first one's data (STACK-NOTES.md, 9). The lock file names its holder; a lock whose holder is dead
 * (gone, or its pid reused by a newer process) is taken over. The lock also goes when this process
 * exits. Throws DataDirInUse when a live process holds it.
 */
export function lockDataDir(dataDir: string, what: string, url?: string): DataDirLock {
  const path = lockFileOf(dataDir);
  mkdirSync(dirname(path), { recursive: true });
  const mine = JSON.stringify({
    pid: process.pid,
    startTicks: startTicksOf(process.pid),
    host: hostname(),
    since: new Date().toISOString(),
    what,
    url,
  } satisfies LockHolder);
  // A few rounds: each lost race against another process taking over the same stale lock costs one.
  for (let attempt = 0; attempt < 5; attempt++) {
    if (createExclusively(path, mine)) {
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        process.off("exit", release);
        // Only our own lock: never one a later holder took over.
        if (readText(path) === mine) unlinkSync(path);
      };
      process.on("exit", release);
      return { release };
    }
    const text = readText(path);
    if (text === null) continue;
    const holder = parseHolder(text);
    if (holder && isAlive(holder)) throw new DataDirInUse(dataDir, holder);
    takeOverStale(path, text);
  }
  throw new StartupError(
    `could not take the lock on the embedded database ${dataDir} (${path}): other processes keep taking it; try again`,
  );
}

/** The holder of the directory's lock, when a live process holds it. */
export function lockHolderOf(dataDir: string): LockHolder | null {
  const text = readText(lockFileOf(dataDir));
  const holder = text === null ? null : parseHolder(text);
  return holder && isAlive(holder) ? holder : null;
}

/** Writes the whole lock file at once (a link is atomic and fails when the name exists), so no one reads half of it. */
function createExclusively(path: string, text: string): boolean {
  const draft = `${path}.${process.pid}.new`;
  writeFileSync(draft, text);
  try {
    linkSync(draft, path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw error;
  } finally {
    unlinkSync(draft);
  }
}

/**
 * Removes a dead holder's lock. Moving it aside first and checking what was moved keeps a process
 * that read the same stale lock from deleting the fresh lock of one that was quicker: that one is put back.
 */
function takeOverStale(path: string, staleText: string): void {
  const aside = `${path}.${process.pid}.stale`;
  try {
    renameSync(path, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return;
    throw error;
  }
  try {
    if (readText(aside) !== staleText) linkSync(aside, path);
  } finally {
    unlinkSync(aside);
  }
}

function readText(path: string): string | null {
  try {
    return readFileSync(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
}

function parseHolder(text: string): LockHolder | null {
  try {
    const holder = JSON.parse(text) as LockHolder;
    return Number.isInteger(holder.pid) && typeof holder.host === "string" ? holder : null;
  } catch {
    return null;
  }
}

/** A holder on another host cannot be checked from here: it counts as alive. */
function isAlive(holder: LockHolder): boolean {
  if (holder.host !== hostname()) return true;
  try {
    process.kill(holder.pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EPERM") return false;
  }
  return holder.startTicks === null || startTicksOf(holder.pid) === holder.startTicks;
}

/** Field 22 of /proc/<pid>/stat; null where there is no /proc (then a reused pid looks alive, which errs on the safe side). */
export function startTicksOf(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name (field 2) may hold spaces and parentheses: count fields after its closing one.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return Number(fields[19]);
  } catch {
    return null;
  }
}
