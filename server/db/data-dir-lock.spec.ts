import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import {
  DataDirInUse,
  lockDataDir,
  lockFileOf,
  lockHolderOf,
  startTicksOf,
  type LockHolder,
} from "./data-dir-lock";

let root: string;
let dataDir: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), "qn-lock-"));
  dataDir = join(root, "pglite");
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const holder = (fields: Partial<LockHolder>): LockHolder => ({
  pid: process.pid,
  startTicks: startTicksOf(process.pid),
  host: hostname(),
  since: "2026-01-01T00:00:00.000Z",
  what: "the server at http://localhost:4000/graphql",
  url: "http://localhost:4000/graphql",
  ...fields,
});
const writeLock = (fields: Partial<LockHolder>) =>
  writeFileSync(lockFileOf(dataDir), JSON.stringify(holder(fields)));

describe("the embedded database's lock", () => {
  it("is taken once: a second taker is refused with the holder's pid and what it is, until it is released", () => {
    const lock = lockDataDir(
      dataDir,
      "the server at http://localhost:4000/graphql",
      "http://localhost:4000/graphql",
    );
    expect(lockHolderOf(dataDir)).toMatchObject({
      pid: process.pid,
      url: "http://localhost:4000/graphql",
    });
    expect(() => lockDataDir(dataDir, "npm run backup")).toThrow(DataDirInUse);
    expect(() => lockDataDir(dataDir, "npm run backup")).toThrow(
      new RegExp(
        `^the embedded database .* is in use by the server at http://localhost:4000/graphql \\(pid ${process.pid}, since .*\\): only one process at a time may open it; use that server, or stop it first`,
      ),
    );
    lock.release();
    expect(existsSync(lockFileOf(dataDir))).toBe(false);
    lockDataDir(dataDir, "npm run backup").release();
  });

  it("is taken over from a process that is gone", () => {
    const gone = spawnSync(process.execPath, ["-e", ""]).pid!;
    writeLock({ pid: gone, startTicks: null });
    expect(lockHolderOf(dataDir)).toBeNull();
    const lock = lockDataDir(dataDir, "npm run restore");
    expect(JSON.parse(readFileSync(lockFileOf(dataDir), "utf8"))).toMatchObject({
      pid: process.pid,
      what: "npm run restore",
    });
    lock.release();
  });

  it("is taken over when a newer process reuses the holder's pid, or the file is not a lock", () => {
    writeLock({ startTicks: (startTicksOf(process.pid) ?? 0) + 1 });
    lockDataDir(dataDir, "npm run migrate").release();
    writeFileSync(lockFileOf(dataDir), "");
    lockDataDir(dataDir, "npm run migrate").release();
  });

  it("counts a holder on another host as alive, and release leaves a lock it no longer owns alone", () => {
    writeLock({ host: "elsewhere", pid: 1 });
    expect(() => lockDataDir(dataDir, "npm run backup")).toThrow(/\(pid 1 on elsewhere, since/);
    rmSync(lockFileOf(dataDir));
    const lock = lockDataDir(dataDir, "npm run backup");
    writeLock({ host: "elsewhere" });
    lock.release();
    expect(lockHolderOf(dataDir)).toMatchObject({ host: "elsewhere" });
  });
});
