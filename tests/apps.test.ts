import { execFile, spawn } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { startPlatform, type Platform } from "../server/app/platform";
import { loadConfig, type PlatformConfig } from "../server/config/config";
import { Role, signToken } from "../server/shared/auth";
import { freePort } from "./harness/child-server";
import { freshDatabase, type FreshDatabase } from "./harness/test-database";
import { WatchedProcess } from "./harness/watched-process";

const APPS = join(__dirname, "..", "client-sdk", "dist", "apps");
const run = promisify(execFile);

/** The ward app as a user runs it. */
const wardApp = (args: string[], env: Record<string, string>) => new WatchedProcess(spawn("node", [join(APPS, "ward-app.js"), ...args], { env: { ...process.env, ...env } }));

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
    let app = wardApp(args, { QN_TOKEN: officer });
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
    app = wardApp(args, { QN_TOKEN: officer });
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

  it("names the URL it cannot reach, instead of a bare fetch failure", async () => {
    const nowhere = `http://127.0.0.1:${await freePort()}/graphql`;
    const staff = await token({ sub: "culture-staff", role: Role.AGENCY_STAFF, agency: "CULTURE_INFORMATION" });
    const cli = run("node", [join(APPS, "agency-cli.js"), "tasks", "--url", nowhere], { env: { ...process.env, QN_TOKEN: staff } });
    await expect(cli).rejects.toMatchObject({ code: 2, stderr: expect.stringContaining(`cannot reach the platform at ${nowhere}: ECONNREFUSED`) });
  });

  it("refuses a saved cursor of another database as foreign, says so, and follows from now", async () => {
    const cursorFile = join(mkdtempSync(join(tmpdir(), "qn-ward-app-")), "cursor");
    writeFileSync(cursorFile, Buffer.from("ev2:000000000000:5:5").toString("base64url"));
    const officer = await token({ sub: "officer-21553", role: Role.WARD_OFFICER, ward: "21553" });
    const admin = await token({ sub: "labour-secretariat", role: Role.ADMIN });
    const app = wardApp(["--ward", "21553", "--url", url, "--cursor-file", cursorFile], { QN_TOKEN: officer });
    try {
      await app.line(/following task updates from where this app stopped/);
      await app.line(/saved cursor .* belongs to another database/);
      await app.line(/following task updates from now/);
      await agency(["route", "QN-21553-0001"], admin);
      // Times as in Quy Nhơn, dd/mm/yyyy HH:mm.
      expect(await app.line(/ROUTED .*QN-21553-0001/)).toMatch(/^\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}  ROUTED/);
    } finally {
      await app.stop();
    }
  });

  it("shows dates and times as in Quy Nhơn", async () => {
    const admin = await token({ sub: "labour-secretariat", role: Role.ADMIN });
    await agency(["route", "QN-21556-0001"], admin);
    const line = (await agency(["tasks"], admin)).split("\n").find((l) => l.includes("QN-21556-0001"))!;
    expect(line).toMatch(/due \d{2}\/\d{2}\/\d{4}$/);
    const history = await agency(["show", line.split(/\s+/)[0]], admin);
    const { data: { task } } = (await (await fetch(url, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${admin}` }, body: JSON.stringify({ query: `{ task(id: "${line.split(/\s+/)[0]}") { dueOn history { at } } }` }) })).json()) as { data: { task: { dueOn: string; history: { at: string }[] } } };
    const at = new Date(task.history[0].at);
    const inQuyNhon = new Date(at.getTime() + 7 * 3600_000);
    const expected = `${String(inQuyNhon.getUTCDate()).padStart(2, "0")}/${String(inQuyNhon.getUTCMonth() + 1).padStart(2, "0")}/${inQuyNhon.getUTCFullYear()} ${String(inQuyNhon.getUTCHours()).padStart(2, "0")}:${String(inQuyNhon.getUTCMinutes()).padStart(2, "0")}`;
    expect(history).toContain(`  ${expected}  ROUTED`);
    expect(line).toContain(`due ${task.dueOn.split("-").reverse().join("/")}`);
  });

  it("pages through more than 100 tasks, saying there are more and how to see them", async () => {
    const admin = await token({ sub: "labour-secretariat", role: Role.ADMIN });
    const routed = await fetch(url, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${admin}` }, body: JSON.stringify({ query: "mutation { routeHouseholds(filter: {}) { createdCount } }" }) });
    expect(routed.status).toBe(200);
    const first = await agency(["tasks"], admin);
    const more = /(\d+) task\(s\); 100 shown, more: npm run agency -- tasks --after (\S+)$/m.exec(first);
    expect(more).not.toBeNull();
    const second = await agency(["tasks", "--after", more![2]], admin);
    const ids = (listing: string) => listing.split("\n").filter((l) => / due /.test(l)).map((l) => l.split(/\s+/)[0]);
    expect(ids(first)).toHaveLength(100);
    expect(ids(second).length).toBeGreaterThan(0);
    expect(ids(second).filter((id) => ids(first).includes(id))).toEqual([]);
  });
});
