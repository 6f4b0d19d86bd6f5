import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createClient, GraphQLRequestError, type PlatformClient } from "@quy-nhon/client-sdk";
import { Role } from "../server/shared/auth";
import { data, routeCity } from "./harness/api-helpers";
import { TaskVersionDocument, WardCodesDocument } from "./harness/operations.generated";
import { subscribe } from "./harness/subscriptions";
import { startTcpProxy } from "./harness/tcp-proxy";
import { householdRow, xlsxList } from "./harness/review-lists";
import { startTestPlatform, type TestIdentity, type TestPlatform } from "./harness/test-platform";

const STAFF: TestIdentity = { sub: "sdk-health", role: Role.AGENCY_STAFF, agency: "HEALTH_CENTRE" };
const OFFICER: TestIdentity = { sub: "sdk-nhon-binh", role: Role.WARD_OFFICER, ward: "21550" };

describe("generated code of the SDK and of the tests' typed operations", () => {
  it("is what codegen makes of the committed schema and operations (run `npm run codegen` after changing either)", () => {
    // The codegen CLI is ESM-only, which Jest cannot load: run it as `npm run codegen` does, into a
    // scratch folder, with the same configuration.
    const root = join(__dirname, "..");
    const scratch = mkdtempSync(join(tmpdir(), "qn-codegen-"));
    const outputs = [
      "client-sdk/src/generated/operations.ts",
      "client-sdk/persisted-documents.json",
      "tests/harness/operations.generated.ts",
    ];
    try {
      let config = readFileSync(join(root, "codegen.yml"), "utf8");
      for (const output of outputs)
        config = config.replace(`  ${output}:`, `  ${join(scratch, output)}:`);
      writeFileSync(join(scratch, "codegen.yml"), config);
      execFileSync(
        join(root, "node_modules/.bin/graphql-codegen"),
        ["--config", join(scratch, "codegen.yml"), "--silent"],
        { cwd: root, stdio: "pipe" },
      );
      for (const output of outputs)
        expect(readFileSync(join(scratch, output), "utf8")).toBe(
          readFileSync(join(root, output), "utf8"),
        );
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  });
});

describe("the client SDK", () => {
  let api: TestPlatform;
  let staff: PlatformClient;
  beforeAll(async () => {
    api = await startTestPlatform({ TRUSTED_DOCUMENTS: "enforce" });
    await routeCity(api);
    staff = createClient({ url: api.platform.url, token: () => api.tokenFor(STAFF) });
  });
  afterAll(async () => {
    await staff.dispose();
    await api.close();
  });

  it("runs an agency's workflow with typed functions", async () => {
    const open = await staff.listTasks({
      filter: { ownerAgencyCodes: ["HEALTH_CENTRE"], statuses: ["ROUTED"] },
      first: 10,
    });
    expect(open.tasks.totalCount).toBe(5);
    const task = open.tasks.edges[0].node;
    const accepted = await staff.acceptTask({
      id: task.id,
      version: task.version,
      assignee: "Bác sĩ Hoa",
    });
    const started = await staff.startTask({ id: task.id, version: accepted.acceptTask.version });
    const done = await staff.completeTask({
      id: task.id,
      version: started.startTask.version,
      outcome: "Nutrition package delivered",
    });
    expect(done.completeTask.status).toBe("COMPLETED");
    const history = await staff.taskHistory({ id: task.id });
    expect(history.task?.history?.map((e) => e.kind)).toEqual([
      "ROUTED",
      "ACCEPTED",
      "STARTED",
      "COMPLETED",
    ]);
  });

  it("rejects with GraphQLRequestError carrying the code", async () => {
    const task = (await staff.listTasks({ filter: { statuses: ["ROUTED"] }, first: 1 })).tasks
      .edges[0].node;
    await expect(staff.startTask({ id: task.id, version: task.version })).rejects.toMatchObject({
      code: "ILLEGAL_TRANSITION",
    });
    await expect(staff.acceptTask({ id: task.id, version: 99 })).rejects.toBeInstanceOf(
      GraphQLRequestError,
    );
  });

  it("is the only way in for staff and ward roles when trusted documents are enforced; analysts keep ad-hoc queries", async () => {
    const officer = createClient({ url: api.platform.url, token: () => api.tokenFor(OFFICER) });
    expect((await officer.listHouseholds({ first: 5 })).households.totalCount).toBe(15);
    await officer.dispose();
    const adHoc = await api.as(OFFICER).graphql(`{ households { totalCount } }`);
    expect(adHoc.errors![0]).toMatchObject({ extensions: { code: "FORBIDDEN" } });
    expect(adHoc.status).toBe(403);
    const analyst = await api
      .as({ sub: "a", role: Role.ANALYST })
      .graphql<{ households: { totalCount: number } }>(`{ households { totalCount } }`);
    expect(analyst.data!.households.totalCount).toBe(199);
    const adHocSubscription = subscribe(
      api,
      `subscription { taskUpdated(wardCode: "21550") { cursor } }`,
      {},
      { token: api.tokenFor(OFFICER) },
    );
    await expect(adHocSubscription.next()).rejects.toMatchObject({
      errors: [
        expect.objectContaining({ extensions: expect.objectContaining({ code: "FORBIDDEN" }) }),
      ],
    });
    await adHocSubscription.close();
  });

  it("uploads a ward's review list as a multipart request, within the trusted documents", async () => {
    const officer = createClient({ url: api.platform.url, token: () => api.tokenFor(OFFICER) });
    const file = new File(
      [
        new Uint8Array(
          await xlsxList([householdRow("QN-21550-3001", { "Họ và tên": "Đinh Văn Phúc" })]),
        ),
      ],
      "nhon-binh-2024.xlsx",
    );
    const report = (
      await officer.importHouseholds({
        file,
        wardCode: "21550",
        review: "2024-PERIODIC",
        dryRun: true,
      })
    ).importHouseholds;
    expect(report).toMatchObject({
      dryRun: true,
      committed: false,
      fileName: "nhon-binh-2024.xlsx",
      householdsCreated: 1,
      issueCount: 0,
    });
    const rates = (await officer.povertyRates({ year: 2024 })).povertyRates;
    expect(rates.city.poor).toBe(44);
    await officer.dispose();
  });

  it("lets a ward officer plan a household and read the forecast through typed functions, within the trusted documents", async () => {
    const officer = createClient({ url: api.platform.url, token: () => api.tokenFor(OFFICER) });
    const plans = (await officer.householdPlans({ year: 2024, wardCode: "21550", first: 1 }))
      .householdPlans.edges;
    const household = plans[0].node.household;
    const made = (
      await officer.createHouseholdPlan({
        householdId: household.id,
        year: 2025,
        plan: {
          status: "REGISTERED",
          targetYear: 2025,
          mentors: [{ name: "Trần Thị Bình", userId: OFFICER.sub, wardCode: "21550" }],
          commitmentSignedOn: "2025-01-20",
        },
      })
    ).createHouseholdPlan;
    expect(made).toMatchObject({ year: 2025, version: 1, riskReasons: [], household });
    expect(
      (await officer.myMentoredHouseholds({ year: 2025 })).myMentoredHouseholds.map((p) => p.id),
    ).toEqual([made.id]);
    const forecast = (await officer.planForecast({ year: 2025, wardCode: "21550" })).planForecast;
    expect(forecast.wards[0]).toMatchObject({ wardCode: "21550", registered: 1, onTrack: 1 });
    await officer.dispose();
  });

  it("gives staff the monitoring report and their overdue tasks through typed functions", async () => {
    const report = (await staff.monitoringReport({ from: "2024-01-01", to: "2024-06-30" }))
      .monitoringReport;
    expect(report.agencyMeasures.length).toBeGreaterThan(0);
    expect(new Set(report.agencyMeasures.map((a) => a.agencyCode))).toEqual(
      new Set([STAFF.agency]),
    );
    expect((await staff.overdueTasks({ first: 5 })).overdueTasks.totalCount).toBe(0);
  });

  it("resumes a subscription after its socket is cut mid-stream, losing and repeating nothing", async () => {
    const proxy = await startTcpProxy(api.platform.port);
    const ward = createClient({
      url: `http://127.0.0.1:${proxy.port}/graphql`,
      token: () => api.tokenFor(OFFICER),
      maxReconnectDelayMs: 200,
    });
    const start = (await ward.latestTaskEventCursor({})).latestTaskEventCursor;
    const feed = ward.taskUpdated({ wardCode: "21550" }, start);
    const wardTasks = await data(api, WardCodesDocument);
    const wardId = wardTasks.wards.find((w) => w.code === "21550")!.id;
    const list = await data<{ tasks: { edges: { node: { id: string; version: number } }[] } }>(
      api,
      `query($w: ID!) { tasks(first: 6, filter: { wardIds: [$w], statuses: [ROUTED] }) { edges { node { id version } } } }`,
      { w: wardId },
    );
    const comment = async (i: number) => {
      const t = list.tasks.edges[i % list.tasks.edges.length].node;
      const fresh = await data(api, TaskVersionDocument, { id: t.id });
      await data(
        api,
        `mutation($id: ID!, $v: Int!, $t: String!) { commentOnTask(id: $id, version: $v, text: $t) { id } }`,
        { id: t.id, v: fresh.task!.version, t: `note ${i}` },
      );
      return `note ${i}`;
    };
    const received: string[] = [];
    const sent = [await comment(0), await comment(1), await comment(2)];
    for (let i = 0; i < 3; i++) received.push((await feed.next()).value.taskUpdated.event.comment);
    proxy.cut();
    sent.push(await comment(3), await comment(4), await comment(5));
    for (let i = 0; i < 3; i++) received.push((await feed.next()).value.taskUpdated.event.comment);
    sent.push(await comment(6));
    received.push((await feed.next()).value.taskUpdated.event.comment);
    expect(received).toEqual(sent);
    expect(proxy.connections).toBeGreaterThanOrEqual(2);
    expect(feed.lastCursor).toBeTruthy();
    await feed.close();
    await ward.dispose();
    await proxy.close();
  });
});
