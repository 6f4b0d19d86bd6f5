import { execFile, spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { startPlatform, type Platform } from "../server/app/platform";
import { loadConfig, type PlatformConfig } from "../server/config/config";
import { Role, signToken } from "../server/shared/auth";
import { freePort } from "./harness/child-server";
import { freshDatabase, type FreshDatabase } from "./harness/test-database";

const APPS = join(__dirname, "..", "client-sdk", "dist", "apps");
const run = promisify(execFile);

/** The ward app as a user runs it, with a way to await a line of its output. */
class WardApp {
  private output = "";
  private waiters: { pattern: RegExp; resolve: (line: string) => void }[] = [];
  readonly process: ChildProcessWithoutNullStreams;

  constructor(args: string[], env: Record<string, string>) {
    this.process = spawn("node", [join(APPS, "ward-app.js"), ...args], { env: { ...process.env, ...env } });
    this.process.stdout.on("data", (chunk) => {
      this.output += String(chunk);
      for (const w of [...this.waiters]) {
        const line = this.output.split("\n").find((l) => w.pattern.test(l));
        if (line) {
          this.waiters.splice(this.waiters.indexOf(w), 1);
          w.resolve(line);
        }
      }
    });
    this.process.stderr.on("data", (chunk) => (this.output += String(chunk)));
  }

  /** Resolves with the first output line matching `pattern` (already printed or still to come). */
  line(pattern: RegExp, timeoutMs = 15_000): Promise<string> {
    const found = this.output.split("\n").find((l) => pattern.test(l));
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no line matching ${pattern} within ${timeoutMs} ms; output:\n${this.output}`)), timeoutMs);
      this.waiters.push({ pattern, resolve: (l) => (clearTimeout(timer), resolve(l)) });
    });
  }

  lines(pattern: RegExp): string[] {
    return this.output.split("\n").filter((l) => pattern.test(l));
  }

  stop(): Promise<void> {
    return new Promise((resolve) => {
      this.process.once("exit", () => resolve());
      this.process.kill("SIGINT");
    });
  }
}

describe("the ward app and the agency command line, built only on the SDK", () => {
  let db: FreshDatabase;
  let config: PlatformConfig;
  let platform: Platform;
  let url: string;
  const token = (claims: { sub: string; role: Role; agency?: string; ward?: string }) => signToken(config.auth, claims);
  const agency = async (args: string[], tokenValue: string) => (await run("node", [join(APPS, "agency-cli.js"), ...args, "--url", url], { env: { ...process.env, QN_TOKEN: tokenValue } })).stdout;

  beforeAll(async () => {
    db = await freshDatabase();
    config = loadConfig({
      NODE_ENV: "test", LOG_LEVEL: "warn",
      PORT: String(await freePort()),
      JWT_SECRET: process.env.QN_TEST_JWT_SECRET,
      TRUSTED_DOCUMENTS: "enforce",
      PGLITE_DATA_DIR: db.pgliteDataDir,
      ...(db.databaseUrl ? { DATABASE_URL: db.databaseUrl } : {}),
    });
    platform = await startPlatform(config);
    url = platform.url;
  });
  afterAll(async () => {
    await platform.close();
    await db.drop();
  });

  it("shows a routing done from the agency command line, survives a server restart and its own restart without losing an update", async () => {
    const cursorFile = join(mkdtempSync(join(tmpdir(), "qn-ward-app-")), "cursor");
    const officer = await token({ sub: "officer-21550", role: Role.WARD_OFFICER, ward: "21550" });
    const admin = await token({ sub: "labour-secretariat", role: Role.ADMIN });
    const args = ["--ward", "21550", "--url", url, "--cursor-file", cursorFile];
    let app = new WardApp(args, { QN_TOKEN: officer });
    await app.line(/following task updates from now/);

    const routed = await agency(["route", "QN-21550-0001"], admin);
    expect(routed).toMatch(/QN-21550-0001: \d+ task\(s\) created/);
    await app.line(/ROUTED .*QN-21550-0001/);

    // The server restarts; the app reconnects and resumes from its cursor.
    await platform.close();
    platform = await startPlatform(config);
    const staff = await token({ sub: "culture-staff", role: Role.AGENCY_STAFF, agency: "CULTURE_INFORMATION" });
    await agency(["route", "QN-21550-0002"], admin);
    await app.line(/ROUTED .*QN-21550-0002/);

    // The app itself stops; an update happens meanwhile; started again it shows the update.
    await app.stop();
    const listed = await agency(["tasks"], staff);
    const taskId = listed.split("\n").find((l) => l.includes("QN-21550-"))!.split(/\s+/)[0];
    await agency(["accept", taskId, "--assignee", "Trần Thị Lan"], staff);
    app = new WardApp(args, { QN_TOKEN: officer });
    await app.line(/from where this app stopped/);
    await app.line(/ACCEPTED/);
    expect(app.lines(/ROUTED .*QN-21550-0001/)).toEqual([]);
    await app.stop();
  });

  it("lists, accepts, completes and comments on an agency's tasks", async () => {
    const staff = await token({ sub: "culture-staff", role: Role.AGENCY_STAFF, agency: "CULTURE_INFORMATION" });
    const admin = await token({ sub: "labour-secretariat", role: Role.ADMIN });
    await agency(["route", "QN-21589-0001"], admin);
    const listed = await agency(["tasks"], staff);
    const line = listed.split("\n").find((l) => l.includes("ROUTED"))!;
    const id = line.split(/\s+/)[0];
    expect(await agency(["accept", id], staff)).toMatch(/accepted: .*\[ACCEPTED\]/);
    expect(await agency(["start", id], staff)).toMatch(/\[IN_PROGRESS\]/);
    expect(await agency(["complete", id, "--outcome", "4G plan installed"], staff)).toMatch(/\[COMPLETED\]/);
    expect(await agency(["show", id], staff)).toMatch(/ROUTED[\s\S]*ACCEPTED[\s\S]*STARTED[\s\S]*COMPLETED/);
    await expect(agency(["complete", id, "--outcome", "again"], staff)).rejects.toMatchObject({ stderr: expect.stringMatching(/ILLEGAL_TRANSITION/) });
  });
});
