import { execFile } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { loadConfig } from "../server/config/config";
import { Role, signToken } from "../server/shared/auth";
import { refusedChildServer, startChildServer, type ChildServer } from "./harness/child-server";
import { householdRow, xlsxList } from "./harness/review-lists";

// The embedded database (PGlite) allows one process per directory, whatever database the rest of
// the suite runs on: these tests always use PGlite, in a directory of their own.
jest.setTimeout(240_000);

const run = promisify(execFile);
const DIST = join(__dirname, "..", "dist", "scripts");
const root = mkdtempSync(join(tmpdir(), "qn-embedded-"));
/** A PGlite database with the plan's data, made once; each test works on a copy. */
const seeded = join(root, "seeded");
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** The server's environment on an embedded database (DATABASE_URL of the test run blanked out). */
const embedded = (dataDir: string, env: Record<string, string> = {}) => ({
  DATABASE_URL: "",
  PGLITE_DATA_DIR: dataDir,
  ...env,
});

let copies = 0;
function copyOfSeeded(): string {
  const dir = join(root, `db-${++copies}`);
  cpSync(seeded, dir, { recursive: true });
  return dir;
}

beforeAll(async () => {
  const server = await startChildServer(embedded(seeded, { SEED_DEMO_DATA: "true" }));
  await stopped(server);
});

/** Runs one of the built commands (import, backup, restore) on the directory; returns its exit code and output. */
async function command(
  script: string,
  dataDir: string,
  ...args: string[]
): Promise<{ code: number; stdout: string; stderr: string }> {
  // In English (the import writes Vietnamese unless asked otherwise), as these tests read it.
  const env = {
    ...process.env,
    ...embedded(dataDir),
    LOG_LEVEL: "warn",
    JWT_SECRET: process.env.QN_TEST_JWT_SECRET!,
    LANG: "en",
  };
  try {
    const { stdout, stderr } = await run("node", [join(DIST, `${script}.js`), ...args], { env });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const failed = e as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

async function query<T = unknown>(server: ChildServer, text: string): Promise<T> {
  const token = await signToken(loadConfig({ JWT_SECRET: process.env.QN_TEST_JWT_SECRET }).auth, {
    sub: "embedded-test",
    role: Role.ADMIN,
  });
  const res = await fetch(server.url, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
    body: JSON.stringify({ query: text }),
  });
  const body = (await res.json()) as { data?: T; errors?: unknown[] };
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return body.data as T;
}

/** What a user would check after a restart: every household and task, and the imported household by name. */
const snapshot = async (server: ChildServer) =>
  query<{
    households: { totalCount: number };
    tasks: { totalCount: number };
    imported: { edges: { node: { code: string; members: { fullName: string }[] } }[] };
  }>(
    server,
    `{ households { totalCount } tasks { totalCount } imported: households(filter: { search: "QN-21550-4001" }) { edges { node { code members { fullName } } } } }`,
  );

async function stopped(server: ChildServer): Promise<void> {
  server.process.kill("SIGTERM");
  expect(await server.exited).toBe(0);
}

const oneLine = (text: string) => expect(text).toMatch(/^[^\n]+\n$/);

/** Starts a server on the directory, checks that it holds what `before` saw, and stops it. */
async function expectOnNextStart(dataDir: string, before: unknown): Promise<void> {
  const server = await startChildServer(embedded(dataDir));
  try {
    expect(await snapshot(server)).toEqual(before);
  } finally {
    await stopped(server);
  }
}

/** A command's refusal to open a directory the server holds: one line naming it. */
function expectRefusedFor(
  server: ChildServer,
  result: { code: number; stdout: string; stderr: string },
): void {
  expect(result).toMatchObject({
    code: 1,
    stdout: "",
    stderr: expect.stringContaining(
      `is in use by the server at ${server.url} (pid ${server.process.pid}`,
    ),
  });
  oneLine(result.stderr);
}

describe("one process per embedded database", () => {
  it("refuses a second server on the busy and on a free port and imports through the running server; the data survives a restart", async () => {
    const dataDir = copyOfSeeded();
    const list = join(root, "nhon-binh.xlsx");
    writeFileSync(
      list,
      await xlsxList([householdRow("QN-21550-4001", { "Họ và tên": "Tạ Văn Quang" })]),
    );
    const first = await startChildServer(embedded(dataDir));

    const busyPort = await refusedChildServer(embedded(dataDir), first.port);
    expect(busyPort.code).toBe(1);
    expect(busyPort.output).toMatch(
      new RegExp(`^port ${first.port} is already in use \\(PORT=${first.port}\\)`),
    );
    oneLine(busyPort.output);

    const freePort = await refusedChildServer(embedded(dataDir));
    expect(freePort.code).toBe(1);
    expect(freePort.output).toContain(
      `is in use by the server at ${first.url} (pid ${first.process.pid}, since `,
    );
    expect(freePort.output).toContain(`use that server, or stop it first`);
    oneLine(freePort.output);

    const tasksBefore = (await snapshot(first)).tasks.totalCount;
    const through = `the server at ${first.url} (pid ${first.process.pid}) holds the embedded database: importing through it\n`;
    const dryRun = await command(
      "import",
      dataDir,
      list,
      "--ward",
      "21550",
      "--review",
      "2024-PERIODIC",
      "--dry-run",
    );
    expect(dryRun).toMatchObject({
      code: 0,
      stderr: through,
      stdout: expect.stringMatching(
        /^dry run: the file is fine; nothing was written\n.*\ncreated 1, updated 0/,
      ),
    });
    const commit = await command(
      "import",
      dataDir,
      list,
      "--ward",
      "21550",
      "--review",
      "2024-PERIODIC",
    );
    expect(commit).toMatchObject({
      code: 0,
      stderr: through,
      stdout: expect.stringMatching(
        /^imported 1 household into Nhơn Bình for review 2024-PERIODIC\n/,
      ),
    });

    const before = await snapshot(first);
    // The import wrote the household and routed its need (the demo city's households are routed already).
    expect(before.tasks.totalCount).toBeGreaterThan(tasksBefore);
    expect(before.imported.edges).toEqual([
      { node: { code: "QN-21550-4001", members: [{ fullName: "Tạ Văn Quang" }] } },
    ]);
    await stopped(first);
    await expectOnNextStart(dataDir, before);
  });

  it("takes over the lock of a server that was killed", async () => {
    const dataDir = copyOfSeeded();
    const killed = await startChildServer(embedded(dataDir));
    const before = await snapshot(killed);
    killed.process.kill("SIGKILL");
    await killed.exited;
    expect(existsSync(`${dataDir}.lock`)).toBe(true);
    await expectOnNextStart(dataDir, before);
    expect(existsSync(`${dataDir}.lock`)).toBe(false);
  });
});

describe("backup and restore of the embedded database", () => {
  it("refuses both while a server holds the database", async () => {
    const dataDir = copyOfSeeded();
    const server = await startChildServer(embedded(dataDir));
    try {
      expectRefusedFor(server, await command("backup", dataDir, join(root, "refused.tar.gz")));
      expect(existsSync(join(root, "refused.tar.gz"))).toBe(false);
      const someFile = join(root, "some-file.tar.gz");
      writeFileSync(someFile, "");
      expectRefusedFor(server, await command("restore", dataDir, someFile));
      await query(server, `{ wards { code } }`);
    } finally {
      await stopped(server);
    }
  });

  it("brings back a damaged database: the start says what happened and how to restore, the restore keeps the damaged one aside", async () => {
    const dataDir = copyOfSeeded();
    const server = await startChildServer(embedded(dataDir));
    const before = await snapshot(server);
    await stopped(server);
    const file = join(root, "backup.tar.gz");
    const backup = await command("backup", dataDir, file);
    expect(backup).toMatchObject({
      code: 0,
      stdout: expect.stringMatching(
        new RegExp(
          `^backed up the embedded database .* to ${file} .*; restore it with: npm run restore -- ${file}\n$`,
        ),
      ),
    });

    // What a killed writer or a second process leaves behind: a control file PostgreSQL cannot read.
    writeFileSync(join(dataDir, "global", "pg_control"), Buffer.alloc(8192, 0x5a));
    const damaged = await refusedChildServer(embedded(dataDir));
    expect(damaged.code).toBe(1);
    expect(damaged.output).toMatch(
      /^the embedded database in .* cannot be opened: its files are damaged or incomplete.*Restore a backup with "npm run restore -- <backup file>"/,
    );
    expect(damaged.output).not.toMatch(/RuntimeError|\n\s+at /);
    oneLine(damaged.output);

    const notABackup = await command("restore", dataDir, join(DIST, "restore.js"));
    expect(notABackup).toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/is not a backup of the embedded database/),
    });
    const restored = await command("restore", dataDir, file);
    expect(restored).toMatchObject({
      code: 0,
      stdout: expect.stringMatching(
        /^restored the embedded database .*; the database it replaced is kept in .*\.before-restore-/,
      ),
    });
    expect(
      readdirSync(root).filter((name) =>
        name.startsWith(`${dataDir.split("/").pop()}.before-restore-`),
      ),
    ).toHaveLength(1);
    await expectOnNextStart(dataDir, before);
  });
});
