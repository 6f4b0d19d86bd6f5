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

/** A user's environment with no LANG: the apps then speak Vietnamese, as to ward and agency staff. */
const userEnv = (env: Record<string, string>) => {
  const { LANG: _, ...rest } = process.env;
  return { ...rest, ...env };
};

/** The ward app as a user runs it. */
const wardApp = (args: string[], env: Record<string, string>) =>
  new WatchedProcess(spawn("node", [join(APPS, "ward-app.js"), ...args], { env: userEnv(env) }));

describe("the ward app and the agency command line, built only on the SDK", () => {
  let db: FreshDatabase;
  let config: PlatformConfig;
  let platform: Platform;
  let url: string;
  const token = (claims: { sub: string; role: Role; agency?: string; ward?: string }) =>
    signToken(config.auth, claims);
  const agency = async (args: string[], tokenValue: string) =>
    (
      await run("node", [join(APPS, "agency-cli.js"), ...args, "--url", url], {
        env: userEnv({ QN_TOKEN: tokenValue }),
      })
    ).stdout;

  beforeAll(async () => {
    db = await freshDatabase();
    config = loadConfig({
      NODE_ENV: "test",
      LOG_LEVEL: "warn",
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
    // A failed expectation must not leave the app running: jest would wait on it for ever.
    try {
      await app.line(
        /^đang theo dõi cập nhật nhiệm vụ của phường\/xã 21550 từ bây giờ \(Ctrl-C để dừng\)$/,
      );

      const routed = await agency(["route", "QN-21550-0001"], admin);
      expect(routed).toMatch(
        /^QN-21550-0001: đã tạo [1-9]\d* nhiệm vụ, 0 nhiệm vụ đang mở từ trước$/m,
      );
      expect(routed).toMatch(/^đã phân công: \S+ → \S+$/m);
      // The event and the task's status in Vietnamese, as the web app words them, not ROUTED.
      expect(await app.line(/QN-21550-0001/)).toMatch(
        /^\d{2}\/\d{2}\/\d{4} \d{2}:\d{2} {2}Giao nhiệm vụ +\S+ +QN-21550-0001 {2}→ \S+ {2}\[Mới giao\]$/,
      );

      // The server restarts; the app reconnects and resumes from its cursor.
      await platform.close();
      platform = await startPlatform(config);
      const staff = await token({
        sub: "culture-staff",
        role: Role.AGENCY_STAFF,
        agency: "CULTURE_INFORMATION",
      });
      await agency(["route", "QN-21550-0002"], admin);
      await app.line(/Giao nhiệm vụ .*QN-21550-0002/);

      // The app itself stops; an update happens meanwhile; started again it shows the update.
      await app.stop();
      const listed = await agency(["tasks"], staff);
      const taskId = listed
        .split("\n")
        .find((l) => l.includes("QN-21550-"))!
        .split(/\s+/)[0];
      await agency(["accept", taskId, "--assignee", "Trần Thị Lan"], staff);
      app = wardApp(args, { QN_TOKEN: officer });
      await app.line(
        /^đang theo dõi cập nhật nhiệm vụ của phường\/xã 21550 từ chỗ ứng dụng dừng lần trước/,
      );
      await app.line(/Nhận nhiệm vụ .*\[Đã nhận\]$/);
      expect(app.lines(/Giao nhiệm vụ .*QN-21550-0001/)).toEqual([]);
    } finally {
      await app.stop();
    }
  });

  it.each([
    {
      language: "English, with --lang en",
      lang: ["--lang", "en"],
      household: "QN-21589-0001",
      says: {
        created: /^QN-21589-0001: [1-9]\d* tasks? created, 0 already open$/m,
        total: /^[\d,]+ tasks?$/m,
        due: / due \d{2}\/\d{2}\/\d{4}$/,
        accepted: "accepted:",
        started: "started:",
        completed: "completed:",
        commented: "commented on",
        by: "  by ",
        needs: "complete needs --outcome\nusage: npm run agency -- <command>",
        noTask: "no task",
        refused: "refused: ILLEGAL_TRANSITION",
        status: {
          routed: "Routed",
          accepted: "Accepted",
          inProgress: "In progress",
          completed: "Completed",
        },
        events: ["Routed", "Accepted", "Started", "Comment", "Completed"],
      },
    },
    {
      language: "Vietnamese, by default",
      lang: [],
      household: "QN-21589-0002",
      says: {
        created: /^QN-21589-0002: đã tạo [1-9]\d* nhiệm vụ, 0 nhiệm vụ đang mở từ trước$/m,
        total: /^[\d.]+ nhiệm vụ$/m,
        due: / hạn \d{2}\/\d{2}\/\d{4}$/,
        accepted: "đã nhận:",
        started: "đã bắt đầu:",
        completed: "đã hoàn thành:",
        commented: "đã ghi ý kiến vào nhiệm vụ",
        by: "  bởi ",
        needs: "lệnh complete cần --outcome\ncách dùng: npm run agency -- <lệnh>",
        noTask: "không có nhiệm vụ",
        refused: "bị từ chối: ILLEGAL_TRANSITION",
        status: {
          routed: "Mới giao",
          accepted: "Đã nhận",
          inProgress: "Đang thực hiện",
          completed: "Hoàn thành",
        },
        events: ["Giao nhiệm vụ", "Nhận nhiệm vụ", "Bắt đầu thực hiện", "Ghi chú", "Hoàn thành"],
      },
    },
  ])(
    "lists, accepts, completes and comments on an agency's tasks in $language",
    async ({ lang, household, says }) => {
      const admin = await token({ sub: "labour-secretariat", role: Role.ADMIN });
      const as = (args: string[], tokenValue: string) => agency([...args, ...lang], tokenValue);
      const routed = await as(["route", household], admin);
      expect(routed).toMatch(says.created);
      // The staff of the first agency a task went to ("routed: MEASURE → AGENCY").
      const owner = /→ (\S+)$/m.exec(routed)![1];
      const staff = await token({ sub: "agency-staff", role: Role.AGENCY_STAFF, agency: owner });
      const listed = await as(["tasks"], staff);
      expect(listed).toMatch(says.total);
      const line = listed
        .split("\n")
        .find((l) => l.includes(`  ${says.status.routed}  `) && l.includes(household))!;
      expect(line).toMatch(says.due);
      const id = line.split(/\s+/)[0];
      expect(await as(["accept", id], staff)).toBe(
        `${says.accepted} ${id} [${says.status.accepted}]\n`,
      );
      expect(await as(["start", id], staff)).toBe(
        `${says.started} ${id} [${says.status.inProgress}]\n`,
      );
      // Listed again under a longer status, its columns still start where they did.
      const started = (await as(["tasks"], staff)).split("\n").find((l) => l.startsWith(id))!;
      expect(started).toContain(`${id}  ${says.status.inProgress}  `);
      expect(started.indexOf(household)).toBe(line.indexOf(household));
      expect(await as(["comment", id, "--text", "đã lắp đặt"], staff)).toBe(
        `${says.commented} ${id}\n`,
      );
      await expect(as(["complete", id], staff)).rejects.toMatchObject({
        code: 2,
        stderr: expect.stringContaining(says.needs),
      });
      expect(await as(["complete", id, "--outcome", "4G plan installed"], staff)).toBe(
        `${says.completed} ${id} [${says.status.completed}]\n`,
      );
      const shown = await as(["show", id], staff);
      expect(shown).toContain(` — ${says.status.completed}, `);
      // The history, one event a line in order, each named in the reader's language.
      const kinds = [...shown.matchAll(/^ {2}\d{2}\/\d{2}\/\d{4} \d{2}:\d{2} {2}(.+?)(?= {2})/gm)];
      expect(kinds.map((m) => m[1])).toEqual(says.events);
      expect(shown).toContain(`  ${says.events[1]}${says.by}`);
      expect(shown).not.toMatch(/\b(ROUTED|ACCEPTED|IN_PROGRESS|STARTED|COMPLETED)\b/);
      await expect(
        as(["show", "00000000-0000-4000-8000-000000000000"], staff),
      ).rejects.toMatchObject({ code: 2, stderr: expect.stringContaining(says.noTask) });
      await expect(as(["complete", id, "--outcome", "again"], staff)).rejects.toMatchObject({
        stderr: expect.stringContaining(says.refused),
      });
    },
  );

  it("names the URL it cannot reach, instead of a bare fetch failure", async () => {
    const nowhere = `http://127.0.0.1:${await freePort()}/graphql`;
    const staff = await token({
      sub: "culture-staff",
      role: Role.AGENCY_STAFF,
      agency: "CULTURE_INFORMATION",
    });
    const cli = (lang: string[]) =>
      run("node", [join(APPS, "agency-cli.js"), "tasks", "--url", nowhere, ...lang], {
        env: userEnv({ QN_TOKEN: staff }),
      });
    await expect(cli([])).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringContaining(
        `không kết nối được với hệ thống tại ${nowhere}: ECONNREFUSED`,
      ),
    });
    await expect(cli(["--lang", "en"])).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringContaining(`cannot reach the platform at ${nowhere}: ECONNREFUSED`),
    });
  });

  it("refuses a saved cursor of another database as foreign, says so, and follows from now", async () => {
    const cursorFile = join(mkdtempSync(join(tmpdir(), "qn-ward-app-")), "cursor");
    writeFileSync(cursorFile, Buffer.from("ev2:000000000000:5:5").toString("base64url"));
    const officer = await token({ sub: "officer-21553", role: Role.WARD_OFFICER, ward: "21553" });
    const admin = await token({ sub: "labour-secretariat", role: Role.ADMIN });
    const app = wardApp(
      ["--ward", "21553", "--url", url, "--cursor-file", cursorFile, "--lang", "en"],
      { QN_TOKEN: officer },
    );
    try {
      await app.line(
        /^ward 21553: following task updates from where this app stopped \(Ctrl-C to stop\)$/,
      );
      await app.line(
        /^the saved cursor \(.*\) belongs to another database: updates before now cannot be shown$/,
      );
      await app.line(/^ward 21553: following task updates from now/);
      await agency(["route", "QN-21553-0001"], admin);
      // Times as in Quy Nhơn, dd/mm/yyyy HH:mm.
      // In English: the event and the status in the words of the web app's English catalogue.
      expect(await app.line(/QN-21553-0001/)).toMatch(
        /^\d{2}\/\d{2}\/\d{4} \d{2}:\d{2} {2}Routed +\S+ +QN-21553-0001 {2}→ \S+ {2}\[Routed\]$/,
      );
    } finally {
      await app.stop();
    }
  });

  it("shows dates and times as in Quy Nhơn", async () => {
    const admin = await token({ sub: "labour-secretariat", role: Role.ADMIN });
    await agency(["route", "QN-21556-0001"], admin);
    const line = (await agency(["tasks"], admin))
      .split("\n")
      .find((l) => l.includes("QN-21556-0001"))!;
    expect(line).toMatch(/hạn \d{2}\/\d{2}\/\d{4}$/);
    const history = await agency(["show", line.split(/\s+/)[0]], admin);
    const {
      data: { task },
    } = (await (
      await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${admin}` },
        body: JSON.stringify({
          query: `{ task(id: "${line.split(/\s+/)[0]}") { dueOn history { at } } }`,
        }),
      })
    ).json()) as { data: { task: { dueOn: string; history: { at: string }[] } } };
    const at = new Date(task.history[0].at);
    const inQuyNhon = new Date(at.getTime() + 7 * 3600_000);
    const expected = `${String(inQuyNhon.getUTCDate()).padStart(2, "0")}/${String(inQuyNhon.getUTCMonth() + 1).padStart(2, "0")}/${inQuyNhon.getUTCFullYear()} ${String(inQuyNhon.getUTCHours()).padStart(2, "0")}:${String(inQuyNhon.getUTCMinutes()).padStart(2, "0")}`;
    expect(history).toContain(`  ${expected}  Giao nhiệm vụ  `);
    expect(line).toContain(`hạn ${task.dueOn.split("-").reverse().join("/")}`);
  });

  it("stops quietly, with success, when its reader closes the pipe before it writes (… | head -n 0)", async () => {
    const admin = await token({ sub: "labour-secretariat", role: Role.ADMIN });
    const { stdout, stderr } = await run(
      "bash",
      [
        "-o",
        "pipefail",
        "-c",
        `node "${join(APPS, "agency-cli.js")}" tasks --all --url "${url}" | head -n 0`,
      ],
      { env: userEnv({ QN_TOKEN: admin }) },
    );
    expect(stdout).toBe("");
    expect(stderr).toBe("");
  });

  it("pages through more than 100 tasks, saying there are more and how to see them", async () => {
    const admin = await token({ sub: "labour-secretariat", role: Role.ADMIN });
    const routed = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${admin}` },
      body: JSON.stringify({ query: "mutation { routeHouseholds(filter: {}) { createdCount } }" }),
    });
    expect(routed.status).toBe(200);
    const first = await agency(["tasks"], admin);
    const more =
      /^[\d.]+ nhiệm vụ; đang hiện 100, xem tiếp: npm run agency -- tasks --after (\S+)$/m.exec(
        first,
      );
    expect(more).not.toBeNull();
    const second = await agency(["tasks", "--after", more![1]], admin);
    const ids = (listing: string) =>
      listing
        .split("\n")
        .filter((l) => / hạn /.test(l))
        .map((l) => l.split(/\s+/)[0]);
    expect(ids(first)).toHaveLength(100);
    expect(ids(second).length).toBeGreaterThan(0);
    expect(ids(second).filter((id) => ids(first).includes(id))).toEqual([]);
  });
});
