import { exec, spawn } from "node:child_process";
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { startChildServer, type ChildServer } from "./harness/child-server";
import { freshDatabase, type FreshDatabase } from "./harness/test-database";
import { WatchedProcess } from "./harness/watched-process";

const root = join(__dirname, "..");
const sh = promisify(exec);

/** The README's shell code blocks, each as its command lines (comments and blank lines dropped). */
function readmeShellBlocks(): string[][] {
  const readme = readFileSync(join(root, "README.md"), "utf8");
  return [...readme.matchAll(/```(?:sh|bash)\n([\s\S]*?)```/g)].map((m) =>
    m[1]
      .split("\n")
      .map((line) => line.replace(/\s+#.*$/, "").trim())
      .filter((line) => line && !line.startsWith("#")),
  );
}
const blockWith = (text: string) =>
  readmeShellBlocks().find((lines) => lines.some((l) => l.includes(text)))!;

/**
 * The README's tour, its commands run as written (only `…` and `<task-id>`, which the README asks the
 * reader to fill in, are filled in) against a started server: the README cannot drift from the code.
 */
describe("the README's tour, run as written", () => {
  let db: FreshDatabase;
  let server: ChildServer;
  // What a reader's shell has: the server's PORT; the signing secret the server uses (a development key in the README's case).
  let env: NodeJS.ProcessEnv;
  const run = (command: string) => sh(command, { cwd: root, env, shell: "/bin/bash" });
  // The ward app keeps its cursor in the checkout's .data/: a developer's own is put back afterwards.
  const cursorFile = join(root, ".data", "ward-app-21550.cursor");
  const developersCursor = existsSync(cursorFile) ? readFileSync(cursorFile) : null;

  beforeAll(async () => {
    db = await freshDatabase();
    server = await startChildServer(
      db.databaseUrl ? { DATABASE_URL: db.databaseUrl } : { PGLITE_DATA_DIR: db.pgliteDataDir },
    );
    env = {
      ...process.env,
      PORT: String(server.port),
      JWT_SECRET: process.env.QN_TEST_JWT_SECRET,
      LOG_LEVEL: "warn",
    };
    delete env.QN_URL;
    // A shell with no LANG, as on a ward's computer: the apps then speak Vietnamese.
    delete env.LANG;
    rmSync(cursorFile, { force: true });
  });
  afterAll(async () => {
    if (developersCursor) writeFileSync(cursorFile, developersCursor);
    else rmSync(cursorFile, { force: true });
    server.process.kill("SIGTERM");
    await server.exited;
    await db.drop();
  });

  it("prints one token per command, the token alone", async () => {
    const commands = blockWith("npm run token -- --role");
    expect(commands.length).toBeGreaterThanOrEqual(3);
    for (const command of commands) {
      // -s as the tour's QN_TOKEN=$(npm run -s token …) has it: without, npm itself prints a banner first.
      const { stdout } = await run(command.replace("npm run token", "npm run -s token"));
      expect(stdout).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+\n$/);
    }
  });

  it("follows a ward live while a household is routed and a task accepted from the agency command line", async () => {
    const [wardAppCommand, routeCommand, tasksCommand, acceptCommand] =
      blockWith("npm run ward-app");
    const wardApp = new WatchedProcess(
      spawn("bash", ["-c", wardAppCommand], { cwd: root, env, detached: true }),
      true,
    );
    try {
      await wardApp.line(
        /đang theo dõi cập nhật nhiệm vụ của phường\/xã 21550 từ bây giờ \(Ctrl-C để dừng\)/,
        30_000,
      );
      expect((await run(routeCommand)).stdout).toMatch(/QN-21550-0001: đã tạo [1-9]\d* nhiệm vụ/);
      // Statuses and events in Vietnamese, as the ward officer reads them in the web app.
      await wardApp.line(/Giao nhiệm vụ .*QN-21550-0001 .*\[Mới giao\]$/);

      const listed = (await run(tasksCommand)).stdout;
      const taskId = listed
        .split("\n")
        .find((l) => / Mới giao .*QN-21550-0001/.test(l))
        ?.split(/\s+/)[0];
      expect(taskId).toBeDefined();
      const tokenOfTasks = /^QN_TOKEN=(\$\([^)]*\))/.exec(tasksCommand)![1];
      const accept = acceptCommand
        .replace("QN_TOKEN=…", `QN_TOKEN=${tokenOfTasks}`)
        .replace("<task-id>", taskId!);
      expect((await run(accept)).stdout).toMatch(new RegExp(`đã nhận: ${taskId} \\[Đã nhận\\]`));
      await wardApp.line(/Nhận nhiệm vụ .*QN-21550-0001 .*\[Đã nhận\]$/);
    } finally {
      await wardApp.stop();
    }
  });
});
