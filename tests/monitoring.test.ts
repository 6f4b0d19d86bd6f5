import { parse as parseCsv } from "csv-parse/sync";
import ExcelJS from "exceljs";
import { answerOf, data, errorOf, routeCity } from "./harness/api-helpers";
import {
  AcceptTaskDocument,
  AllocateFundsDocument,
  CancelTaskDocument,
  CapacityBuildingDocument,
  CompleteTaskDocument,
  FundingSourcesDocument,
  OpenTasksOfMeasuresDocument,
  PlanProgressDocument,
  RecordTrainingSessionDocument,
  SetFundingBudgetDocument,
  StartTaskDocument,
} from "./harness/operations.generated";
// The report as the SDK asks for it (the leaders' dashboard and the agency CLI send this document).
import {
  MonitoringReportDocument,
  type MonitoringReportQuery,
} from "../client-sdk/src/generated/operations";
import {
  startTestPlatform,
  type GraphQLResponse,
  type TestIdentity,
  type TestPlatform,
} from "./harness/test-platform";
import { REPORT_SECTIONS } from "../server/modules/monitoring";
import { Role } from "../server/shared/auth";
import { todayIso } from "../server/shared/dates";

let api: TestPlatform;
beforeAll(async () => {
  api = await startTestPlatform();
  await routeCity(api);
});
afterAll(() => api.close());

const FINANCE = { sub: "finance", role: Role.AGENCY_STAFF, agency: "FINANCE_PLANNING" };
const LABOUR = { sub: "labour", role: Role.AGENCY_STAFF, agency: "LABOUR" };
const today = todayIso();
const yearStart = `${today.slice(0, 4)}-01-01`;
const budgetOf = async (code: string, year: number) =>
  (await data(api, FundingSourcesDocument)).fundingSources
    .find((s) => s.code === code)
    ?.budgets.find((b) => b.year === year);
const report = async (from: string, to: string, who?: TestIdentity) =>
  (await data(who ? api.as(who) : api, MonitoringReportDocument, { from, to })).monitoringReport;

async function openTask(measure: string, skip = 0) {
  return (await data(api, OpenTasksOfMeasuresDocument, { measures: [measure] })).tasks.edges[skip]
    .node;
}

describe("funding", () => {
  it("has the plan's sources; Finance and Planning sets budgets and allocates exact amounts, never beyond what remains", async () => {
    expect((await data(api, FundingSourcesDocument)).fundingSources.map((s) => s.code)).toEqual([
      "CONTRIBUTIONS",
      "DECISION_1194",
      "DECISION_1195",
      "FOR_THE_POOR_FUND",
      "NATIONAL_PROGRAMME",
      "SOCIAL_POLICY_CREDIT",
    ]);
    const big = 9_007_199_254_740; // far beyond 32-bit integers, exact
    expect(
      (
        await answerOf(api.as(FINANCE), SetFundingBudgetDocument, {
          source: "DECISION_1194",
          year: 2026,
          amount: big,
        })
      ).errors,
    ).toBeUndefined();
    expect(
      (
        await answerOf(api.as(LABOUR), SetFundingBudgetDocument, {
          source: "DECISION_1194",
          year: 2026,
          amount: 1,
        })
      ).errors?.[0].extensions?.code,
    ).toBe("FORBIDDEN");

    const task = await openTask("HYGIENIC_LATRINE");
    const allocation = await data(api.as(FINANCE), AllocateFundsDocument, {
      a: { taskId: task.id, sourceCode: "DECISION_1194", year: 2026, amount: big - 1 },
    });
    expect(allocation.allocateFunds).toMatchObject({ amount: big - 1, spentAmount: null });
    const over = await answerOf(api.as(FINANCE), AllocateFundsDocument, {
      a: { taskId: task.id, sourceCode: "DECISION_1194", year: 2026, amount: 2 },
    });
    expect(over.errors?.[0].extensions).toMatchObject({ code: "CONFLICT", remaining: 1 });
    expect(await budgetOf("DECISION_1194", 2026)).toEqual({
      year: 2026,
      amount: big,
      allocated: big - 1,
      spent: 0,
      remaining: 1,
    });
    expect(
      (
        await answerOf(api.as(FINANCE), SetFundingBudgetDocument, {
          source: "DECISION_1194",
          year: 2026,
          amount: 5,
        })
      ).errors?.[0].extensions?.code,
    ).toBe("BAD_USER_INPUT");
  });

  it("records spending when the task completes, and releases the money of a cancelled task", async () => {
    await data(api, SetFundingBudgetDocument, {
      source: "FOR_THE_POOR_FUND",
      year: 2026,
      amount: 50_000_000,
    });
    const [done, dropped] = [
      await openTask("HOUSING_BUILD_REPAIR"),
      await openTask("HOUSING_BUILD_REPAIR", 1),
    ];
    for (const t of [done, dropped])
      await data(api, AllocateFundsDocument, {
        a: { taskId: t.id, sourceCode: "FOR_THE_POOR_FUND", year: 2026, amount: 20000000 },
      });
    await data(api, AcceptTaskDocument, { id: done.id, version: done.version });
    await data(api, StartTaskDocument, { id: done.id, version: done.version + 1 });
    await data(api, CompleteTaskDocument, {
      id: done.id,
      version: done.version + 2,
      outcome: "house repaired",
    });
    await data(api, CancelTaskDocument, {
      id: dropped.id,
      version: dropped.version,
      reason: "moved away",
    });
    expect(await budgetOf("FOR_THE_POOR_FUND", 2026)).toEqual({
      year: 2026,
      amount: 50_000_000,
      allocated: 20_000_000,
      spent: 20_000_000,
      remaining: 30_000_000,
    });
    const closed = await errorOf(api, AllocateFundsDocument, {
      a: { taskId: done.id, sourceCode: "FOR_THE_POOR_FUND", year: 2026, amount: 1 },
    });
    expect(closed.extensions?.code).toBe("BAD_USER_INPUT");
  });

  it("never overspends a budget under concurrent allocations", async () => {
    await data(api, SetFundingBudgetDocument, {
      source: "NATIONAL_PROGRAMME",
      year: 2026,
      amount: 5,
    });
    const task = await openTask("NUTRITION_SUPPORT");
    const answers = await Promise.all(
      Array.from({ length: 12 }, () =>
        answerOf(api.as(FINANCE), AllocateFundsDocument, {
          a: { taskId: task.id, sourceCode: "NATIONAL_PROGRAMME", year: 2026, amount: 1 },
        }),
      ),
    );
    expect(answers.filter((a) => !a.errors)).toHaveLength(5);
    expect(answers.filter((a) => a.errors?.[0].extensions?.code === "CONFLICT")).toHaveLength(7);
    expect(await budgetOf("NATIONAL_PROGRAMME", 2026)).toMatchObject({
      allocated: 5,
      remaining: 0,
    });
  });

  it.each([
    [{ amount: 0 }, "BAD_USER_INPUT"],
    [{ amount: 1.5 }, "BAD_USER_INPUT"],
    [{ sourceCode: "NOPE" }, "NOT_FOUND"],
    [{ year: 2031 }, "NOT_FOUND"],
  ])("refuses %j with %s", async (change, code) => {
    const task = await openTask("INTERNET_ACCESS");
    const res = await answerOf(api, AllocateFundsDocument, {
      a: { taskId: task.id, sourceCode: "DECISION_1194", year: 2026, amount: 1, ...change },
    });
    expect(res.errors).toHaveLength(1);
    expect(res.errors?.[0].extensions?.code).toBe(code);
  });
});

describe("capacity building", () => {
  it("records sessions by the organising agency and counts people trained against 250 / 145", async () => {
    const session = {
      heldOn: today,
      topic: "Rà soát hộ nghèo theo chuẩn đa chiều",
      organiserAgencyCode: "LABOUR",
      officialsAttending: 40,
      villageOfficersAttending: 60,
    };
    expect(
      (await answerOf(api.as(LABOUR), RecordTrainingSessionDocument, { s: session })).errors,
    ).toBeUndefined();
    expect(
      (await answerOf(api.as(FINANCE), RecordTrainingSessionDocument, { s: session })).errors?.[0]
        .extensions?.code,
    ).toBe("FORBIDDEN");
    expect(
      (
        await errorOf(api, RecordTrainingSessionDocument, {
          s: { ...session, heldOn: "2099-01-01" },
        })
      ).extensions?.code,
    ).toBe("BAD_USER_INPUT");
    expect(
      (
        await errorOf(api, RecordTrainingSessionDocument, {
          s: { ...session, officialsAttending: 0, villageOfficersAttending: 0 },
        })
      ).extensions?.code,
    ).toBe("BAD_USER_INPUT");
    const progress = (await data(api, CapacityBuildingDocument)).capacityBuilding;
    expect(progress).toEqual({
      sessions: 1,
      trained: 100,
      villageOfficersTrained: 60,
      trainedTarget: 250,
      villageOfficersTarget: 145,
    });
    const plan = (await data(api, PlanProgressDocument, { year: Number(today.slice(0, 4)) }))
      .planProgress;
    expect(plan.find((p) => p.target.code === "PLAN.OFFICIALS_TRAINED")).toMatchObject({
      actual: 100,
      gap: 150,
    });
    expect(plan.find((p) => p.target.code === "PLAN.VILLAGE_OFFICERS_TRAINED")).toMatchObject({
      actual: 60,
      gap: 85,
    });
  });
});

describe("plan targets against the work they are about", () => {
  const routedOf = async (measure: string, causes: number[] | null) =>
    (
      await api.platform.database.dataSource.query(
        `SELECT CAST(count(*) AS int) AS n FROM task_assignment t JOIN household h ON h.id = t.household_id JOIN support_measure m ON m.id = t.measure_id
        WHERE m.code = $1 AND t.status NOT IN ('CANCELLED', 'REASSIGNED') AND ($2::smallint[] IS NULL OR h.poverty_causes && $2::smallint[])`,
        [measure, causes],
      )
    )[0].n as number;

  it("counts for section III.4's totals only the tasks of households poor for its causes (5, 6, 7)", async () => {
    const plan = (await data(api, PlanProgressDocument, { year: 2024 })).planProgress;
    const routed = (code: string) => plan.find((p) => p.target.code === code)?.routedTasks;
    for (const measure of ["VOCATIONAL_TRAINING", "JOB_REFERRAL", "COMMUNITY_PRODUCTION_PROJECT"]) {
      expect([measure, routed(`PLAN.${measure}.BY_CAUSE`)]).toEqual([
        measure,
        await routedOf(measure, [5, 6, 7]),
      ]);
    }
    // Job referral also serves households deprived of employment for other causes: those are not the 62 workers' tasks.
    expect(await routedOf("JOB_REFERRAL", null)).toBeGreaterThan(
      await routedOf("JOB_REFERRAL", [5, 6, 7]),
    );
    // The report still sets each measure against its whole target.
    const thisYear = await report(yearStart, today);
    const target = (measure: string) =>
      thisYear.agencyMeasures.find((a) => a.measureCode === measure)?.target;
    expect([
      target("COMMUNITY_PRODUCTION_PROJECT"),
      target("JOB_REFERRAL"),
      target("VOCATIONAL_TRAINING"),
    ]).toEqual([29, 89, 62]);
  });

  it("sets every ward's poor-household target: zero for the 17 of 2024 the plan names or keeps, zero for all in 2025", async () => {
    const in2024 = await report("2024-01-01", "2024-12-31");
    const targets2024 = Object.fromEntries(
      in2024.wards.map((w) => [w.wardCode, w.poorHouseholdsTarget]),
    );
    expect(Object.values(targets2024).filter((t) => t === 0)).toHaveLength(17);
    expect(
      Object.keys(targets2024)
        .filter((code) => targets2024[code] === null)
        .sort(),
    ).toEqual(["21589", "21598", "21607", "21991"]);
    expect(targets2024["21556"]).toBe(0);
    const in2025 = await report("2025-01-01", "2025-12-31");
    expect(in2025.wards.map((w) => w.poorHouseholdsTarget)).toEqual(Array(21).fill(0));
    expect(in2025.city.poorHouseholdsTarget).toBe(0);
  });
});

describe("the monitoring report", () => {
  const download = async (who: TestIdentity | null, path: string) =>
    fetch(api.platform.url.replace("/graphql", path), {
      headers: who ? { authorization: `Bearer ${await api.tokenFor(who)}` } : {},
    });

  async function sheetsOf(res: Response): Promise<Map<string, unknown[][]>> {
    expect(res.status).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(await res.arrayBuffer()) as unknown as ArrayBuffer);
    return new Map(
      workbook.worksheets.map((w) => [
        w.name,
        w
          .getSheetValues()
          .slice(1)
          .map((r) => (r as unknown[]).slice(1)),
      ]),
    );
  }

  /** A row with blanks as null and no trailing blanks (a spreadsheet does not keep them). */
  const trimmed = (row: unknown[]) => {
    const cells = Array.from(row, (v) => (v === undefined || v === "" ? null : v));
    while (cells.length && cells[cells.length - 1] === null) cells.pop();
    return cells;
  };
  /** Each section's rows as the GraphQL answer gives them, laid out as the file lays them out. */
  const expectedSheets = (report: MonitoringReportQuery["monitoringReport"]) =>
    new Map(REPORT_SECTIONS.map((s) => [s.sheet, [s.headers, ...s.rows(report)]]));

  it("gives LABOUR the first half of 2024 as GraphQL and as an XLSX with the same figures", async () => {
    const firstHalf = await report("2024-01-01", "2024-06-30", LABOUR);
    expect(firstHalf.wards).toHaveLength(21);
    expect(firstHalf.city).toMatchObject({ wardCode: null, poor: 44, nearPoor: 155 });
    expect(firstHalf.agencyMeasures.every((a) => a.routed === 0)).toBe(true);
    const sheets = await sheetsOf(
      await download(LABOUR, "/reports/monitoring.xlsx?from=2024-01-01&to=2024-06-30"),
    );
    expect([...sheets.keys()]).toEqual(REPORT_SECTIONS.map((s) => s.sheet));
    for (const [name, rows] of expectedSheets(firstHalf)) {
      expect(sheets.get(name)![0]).toEqual([
        "Báo cáo giám sát, đánh giá 6 tháng đầu năm 2024 (từ ngày 01/01/2024 đến ngày 30/06/2024)",
      ]);
      expect(sheets.get(name)!.slice(1).map(trimmed)).toEqual(rows.map(trimmed));
    }
  });

  it("counts this year's work per agency and measure, funds and training, equal in every file", async () => {
    const thisYear = await report(yearStart, today);
    const line = (agency: string, measure: string) =>
      thisYear.agencyMeasures.find((a) => a.agencyCode === agency && a.measureCode === measure);
    expect(line("CULTURE_INFORMATION", "INTERNET_ACCESS")).toMatchObject({
      routed: 47,
      target: 47,
    });
    expect(line("FATHERLAND_FRONT", "HOUSING_BUILD_REPAIR")).toMatchObject({
      routed: 12,
      accepted: 1,
      completed: 1,
    });
    expect(thisYear.funds.find((f) => f.sourceCode === "FOR_THE_POOR_FUND")).toMatchObject({
      allocated: 20_000_000,
      spent: 20_000_000,
    });
    expect(thisYear.capacity).toMatchObject({
      sessions: 1,
      trained: 100,
      villageOfficersTrained: 60,
    });

    const sheets = await sheetsOf(
      await download(
        { sub: "admin", role: Role.ADMIN },
        `/reports/monitoring.xlsx?from=${yearStart}&to=${today}`,
      ),
    );
    for (const [name, rows] of expectedSheets(thisYear))
      expect(sheets.get(name)!.slice(1).map(trimmed)).toEqual(rows.map(trimmed));
    for (const section of REPORT_SECTIONS) {
      const csv = await (
        await download(
          { sub: "admin", role: Role.ADMIN },
          `/reports/monitoring.csv?from=${yearStart}&to=${today}&section=${section.key}`,
        )
      ).text();
      const [headers, ...rows] = parseCsv(csv, { bom: true }) as string[][];
      expect(headers).toEqual(section.headers);
      expect(rows).toEqual(
        section.rows(thisYear).map((r) => r.map((v) => (v === null ? "" : String(v)))),
      );
    }
  });

  it("gives Excel set to Vietnamese its CSV: semicolons, decimal commas, a byte-order mark", async () => {
    const firstHalf = await report("2024-01-01", "2024-06-30");
    const res = await download(
      { sub: "admin", role: Role.ADMIN },
      "/reports/monitoring.csv?from=2024-01-01&to=2024-06-30&section=wards&format=excel-vi",
    );
    expect(res.headers.get("content-disposition")).toContain(
      "bao-cao-giam-sat-2024-01-01-2024-06-30-wards-excel-vi.csv",
    );
    const bytes = Buffer.from(await res.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const [headers, ...rows] = parseCsv(bytes, { bom: true, delimiter: ";" }) as string[][];
    expect(headers).toEqual(REPORT_SECTIONS.find((s) => s.key === "wards")!.headers);
    const nhonBinh = firstHalf.wards.find((w) => w.wardCode === "21550")!;
    expect((nhonBinh.poorRate ?? 0) % 1).not.toBe(0);
    expect(rows.find((r) => r[0] === "21550")![5]).toBe(
      String(nhonBinh.poorRate).replace(".", ","),
    );
    const refused = await download(
      { sub: "admin", role: Role.ADMIN },
      "/reports/monitoring.csv?from=2024-01-01&to=2024-06-30&section=wards&format=tsv",
    );
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as GraphQLResponse).errors?.[0].extensions).toMatchObject({
      code: "BAD_USER_INPUT",
      argument: "format",
      messageKey: "error.report.csvFormat",
    });
  });

  it("keeps staff to their agency's lines and ward officers to their ward", async () => {
    const economy = await report(yearStart, today, {
      sub: "e",
      role: Role.AGENCY_STAFF,
      agency: "ECONOMY",
    });
    expect(new Set(economy.agencyMeasures.map((a) => a.agencyCode))).toEqual(new Set(["ECONOMY"]));
    const officer = await report(yearStart, today, {
      sub: "w",
      role: Role.WARD_OFFICER,
      ward: "21550",
    });
    expect(officer.wards.map((w) => w.wardCode)).toEqual(["21550"]);
    const internet = officer.agencyMeasures.find((a) => a.measureCode === "INTERNET_ACCESS");
    expect(internet?.routed).toBeLessThan(47);
  });

  it("refuses a download without a token and bad periods with a clear error", async () => {
    expect(
      (await download(null, "/reports/monitoring.xlsx?from=2024-01-01&to=2024-06-30")).status,
    ).toBe(401);
    const bad = await download(LABOUR, "/reports/monitoring.xlsx?from=2024-06-30&to=2024-01-01");
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as GraphQLResponse).errors?.[0].extensions).toMatchObject({
      code: "BAD_USER_INPUT",
      argument: "to",
    });
    expect(
      (await download(LABOUR, "/reports/monitoring.csv?from=2024-01-01&to=2024-06-30&section=nope"))
        .status,
    ).toBe(400);
    expect(
      (await errorOf(api, MonitoringReportDocument, { from: "2024-02-30", to: "2024-06-30" }))
        .extensions,
    ).toMatchObject({ code: "BAD_USER_INPUT", argument: "from" });
  });
});

describe("periods in local time", () => {
  it("counts an event at 23:30 in Quy Nhơn in that day's period and one at 00:30 in the next day's, in every database session", async () => {
    const db = api.platform.database.dataSource;
    const [late, early]: { id: string }[] = await db.query(
      `SELECT e.id FROM task_event e JOIN task_assignment t ON t.id = e.task_id JOIN support_measure m ON m.id = t.measure_id
        WHERE m.code = 'NUTRITION_SUPPORT' AND e.kind = 'ROUTED' ORDER BY e.id LIMIT 2`,
    );
    // 23:30 on 30 June and 00:30 on 1 July, local (UTC+7).
    await db.query(`UPDATE task_event SET at = CAST($2 AS timestamptz) WHERE id = $1`, [
      late.id,
      "2024-06-30T16:30:00Z",
    ]);
    await db.query(`UPDATE task_event SET at = CAST($2 AS timestamptz) WHERE id = $1`, [
      early.id,
      "2024-06-30T17:30:00Z",
    ]);
    const routed = async (from: string, to: string) =>
      (await report(from, to)).agencyMeasures.find((a) => a.measureCode === "NUTRITION_SUPPORT")
        ?.routed;
    expect(await routed("2024-06-30", "2024-06-30")).toBe(1);
    expect(await routed("2024-07-01", "2024-07-01")).toBe(1);
    expect(await routed("2024-01-01", "2024-06-30")).toBe(1);
    const [session] = await db.query(
      `SELECT current_setting('TimeZone') AS zone, CAST(current_date AS text) AS today`,
    );
    expect(session).toEqual({ zone: "Asia/Ho_Chi_Minh", today: todayIso() });
  });
});
