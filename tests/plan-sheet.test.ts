import ExcelJS from "exceljs";
import type { ImportHouseholdPlansMutation } from "../client-sdk/src/generated/operations";
import { Role } from "../server/shared/auth";
import { data } from "./harness/api-helpers";
import { uploadOperation } from "./harness/review-lists";
import { startTestPlatform, type TestIdentity, type TestPlatform } from "./harness/test-platform";

const OFFICER: TestIdentity = { sub: "officer-21550", role: Role.WARD_OFFICER, ward: "21550" };
const OTHER_OFFICER: TestIdentity = {
  sub: "officer-21589",
  role: Role.WARD_OFFICER,
  ward: "21589",
};
const IMPORT = `mutation($file: Upload!, $ward: String!, $year: Int!, $dryRun: Boolean!) {
  importHouseholdPlans(file: $file, wardCode: $ward, year: $year, dryRun: $dryRun) { dryRun committed message rowsRead plansCreated plansUpdated issueCount issues { row column value reason } } }`;

/** An entry of the personal-data access log, as the test reads it. */
interface AccessLogEntry {
  operation: string;
  userId: string;
  fields: string[];
}

let api: TestPlatform;
beforeAll(async () => {
  api = await startTestPlatform();
});
afterAll(() => api.close());

async function exportSheet(as: TestIdentity, ward = "21550", year = 2024) {
  const res = await fetch(
    `${api.platform.url.replace(/\/graphql$/, "")}/exports/household-plans.xlsx?ward=${ward}&year=${year}`,
    { headers: { authorization: `Bearer ${await api.tokenFor(as)}` } },
  );
  return { status: res.status, bytes: Buffer.from(await res.arrayBuffer()) };
}

/** The sheet's rows as header → value, and a way to write it back with changes. */
async function rowsOf(bytes: Buffer) {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  const sheet = workbook.getWorksheet("Kế hoạch hộ")!;
  const headers = (sheet.getRow(1).values as string[]).slice(1);
  const rows: Record<string, unknown>[] = [];
  sheet.eachRow(
    (row, n) =>
      n > 1 && rows.push(Object.fromEntries(headers.map((h, i) => [h, row.getCell(i + 1).value]))),
  );
  return { headers, rows };
}

async function sheetWith(
  headers: string[],
  rows: Record<string, unknown>[],
  sheetName = "Kế hoạch hộ",
) {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(sheetName);
  sheet.addRow(headers);
  for (const row of rows) sheet.addRow(headers.map((h) => row[h] ?? null));
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

const importSheet = async (bytes: Buffer, dryRun: boolean, as = OFFICER) =>
  uploadOperation<ImportHouseholdPlansMutation>(
    api,
    IMPORT,
    { ward: "21550", year: 2024, dryRun },
    bytes,
    "ke-hoach.xlsx",
    as,
  );
const planVersions = async () =>
  Object.fromEntries(
    (
      (await api.platform.database.dataSource.query(
        `SELECT h.code, p.version, p.production_model FROM household_plan p JOIN household h ON h.id = p.household_id JOIN ward w ON w.id = h.ward_id WHERE w.code = '21550' AND p.year = 2024`,
      )) as { code: string; version: number; production_model: string | null }[]
    ).map((r) => [r.code, [r.version, r.production_model]]),
  );

describe("the ward's plan sheet", () => {
  it("exports the ward's households with their plans under Vietnamese headers, for the ward's officers only", async () => {
    const { status, bytes } = await exportSheet(OFFICER);
    expect(status).toBe(200);
    const { headers, rows } = await rowsOf(bytes);
    expect(headers).toEqual([
      "Mã hộ",
      "Chủ hộ",
      "Phân loại hộ",
      "Tình trạng",
      "Năm dự kiến thoát nghèo",
      "Lý do không dự kiến thoát nghèo",
      "Mô hình, dự án sản xuất tham gia",
      "Cán bộ theo dõi, giúp đỡ",
      "Tài khoản cán bộ",
      "Cơ quan của cán bộ",
      "Ngày hộ ký cam kết",
      "Ngày Chủ tịch UBND phê duyệt",
      "Phiên bản",
      "Biện pháp hỗ trợ (nhiệm vụ)",
      "Rủi ro",
    ]);
    expect(rows).toHaveLength(15);
    expect(rows[0]).toMatchObject({
      "Mã hộ": "QN-21550-0001",
      "Phân loại hộ": "Hộ nghèo",
      "Tình trạng": "Đăng ký thoát nghèo",
      "Năm dự kiến thoát nghèo": 2024,
      "Tài khoản cán bộ": "mentor-21550",
      "Phiên bản": 1,
    });

    expect((await exportSheet(OTHER_OFFICER)).status).toBe(403);
    expect((await exportSheet({ sub: "analyst", role: Role.ANALYST })).status).toBe(403);
    const log = await data<{ personalDataAccessLog: { edges: { node: AccessLogEntry }[] } }>(
      api,
      `{ personalDataAccessLog(first: 100) { edges { node { operation userId fields } } } }`,
    );
    const exported = log.personalDataAccessLog.edges
      .map((e) => e.node)
      .filter((n) => n.operation === "exportHouseholdPlans");
    expect(exported).toHaveLength(15);
    expect(exported[0]).toEqual({
      operation: "exportHouseholdPlans",
      userId: "officer-21550",
      fields: ["headName"],
    });
  });

  it("imports the filled sheet all or nothing: bad rows are reported and nothing is written; a dry run writes nothing; then it commits", async () => {
    const { headers, rows } = await rowsOf((await exportSheet(OFFICER)).bytes);
    const before = await planVersions();
    const filled = rows.map((r, i) =>
      i === 0 ? { ...r, "Mô hình, dự án sản xuất tham gia": "Nuôi bò sinh sản" } : r,
    );
    const bad = [...filled];
    bad[1] = { ...bad[1], "Tình trạng": "sắp thoát" };
    bad[2] = { ...bad[2], "Năm dự kiến thoát nghèo": 2027 };
    bad[3] = { ...bad[3], "Tài khoản cán bộ": "" };
    bad.push({ ...filled[4], "Mã hộ": "QN-21589-0001", "Phiên bản": null });

    const refused = await importSheet(await sheetWith(headers, bad), false);
    expect(refused.errors).toBeUndefined();
    const report = refused.data!.importHouseholdPlans;
    expect(report).toMatchObject({ committed: false, issueCount: 4, plansCreated: 0 });
    expect(report.issues.map((i) => [i.row, i.column])).toEqual([
      [3, "Tình trạng"],
      [4, "Năm dự kiến thoát nghèo"],
      [5, "Tài khoản cán bộ"],
      [17, "Mã hộ"],
    ]);
    expect(report.issues[1].reason).toContain("targetYear must be 2024 or 2025");
    expect(await planVersions()).toEqual(before);

    const dry = (await importSheet(await sheetWith(headers, filled), true)).data!
      .importHouseholdPlans;
    expect(dry).toMatchObject({ dryRun: true, committed: false, plansUpdated: 15, issueCount: 0 });
    expect(await planVersions()).toEqual(before);

    const done = (await importSheet(await sheetWith(headers, filled), false)).data!
      .importHouseholdPlans;
    expect(done).toMatchObject({ committed: true, plansUpdated: 15, rowsRead: 15 });
    const after = await planVersions();
    expect(after["QN-21550-0001"]).toEqual([2, "Nuôi bò sinh sản"]);

    // The same sheet again: its versions are stale now.
    const stale = (await importSheet(await sheetWith(headers, filled), false)).data!
      .importHouseholdPlans;
    expect(stale).toMatchObject({ committed: false, issueCount: 15 });
    expect(stale.issues[0]).toMatchObject({
      column: "Phiên bản",
      reason: expect.stringContaining("changed since the sheet was exported"),
    });
    expect(await planVersions()).toEqual(after);
  });

  it("refuses a sheet of another ward's officer, and a workbook without the plan sheet", async () => {
    const { headers, rows } = await rowsOf((await exportSheet(OFFICER)).bytes);
    expect(
      (await importSheet(await sheetWith(headers, rows), true, OTHER_OFFICER)).errors![0]
        .extensions!.code,
    ).toBe("FORBIDDEN");
    const wrong = await importSheet(await sheetWith(headers, rows, "Sheet1"), true);
    expect(wrong.errors![0]).toMatchObject({
      extensions: { code: "BAD_USER_INPUT" },
      message: expect.stringContaining(`no sheet named "Kế hoạch hộ"`),
    });
  });
});
