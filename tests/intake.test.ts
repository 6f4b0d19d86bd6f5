import { randomBytes } from "node:crypto";
import ExcelJS from "exceljs";
import JSZip from "jszip";
import { data, latestCursor } from "./harness/api-helpers";
import {
  HEADERS,
  IMPORT,
  csvList,
  householdRow,
  importList,
  memberRow,
  uploadList,
  xlsxList,
  type ListRow,
} from "./harness/review-lists";
import {
  HouseholdCountDocument,
  HouseholdMatchingDocument,
  HouseholdMembersDocument,
  HouseholdTaskOutcomesDocument,
  ImportedHouseholdDocument,
  WardTaskUpdatesDocument,
} from "./harness/operations.generated";
import { subscribe } from "./harness/subscriptions";
import { ADMIN, startTestPlatform, type TestPlatform } from "./harness/test-platform";
import { Role } from "../server/shared/auth";

let api: TestPlatform;
beforeAll(async () => {
  api = await startTestPlatform();
});
afterAll(() => api.close());

const OFFICER_21550 = { sub: "officer-21550", role: Role.WARD_OFFICER, ward: "21550" };
const householdCount = async () => (await data(api, HouseholdCountDocument)).households.totalCount;
const reviewResultCount = async () =>
  Number(
    (
      await api.platform.database.dataSource.query(
        `SELECT count(*) AS n FROM household_review_result`,
      )
    )[0].n,
  );
const householdByCode = async (code: string) =>
  (await data(api, ImportedHouseholdDocument, { search: code })).households.edges[0]?.node;
const tasksOf = async (householdId: string) =>
  (await data(api, HouseholdTaskOutcomesDocument, { householdId })).tasks.edges.map((e) => e.node);

/** Fills the template the server hands out, as a ward officer would. */
async function filledTemplate(rows: ListRow[]): Promise<Buffer> {
  const res = await fetch(api.platform.url.replace("/graphql", "/templates/household-list.xlsx"));
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(Buffer.from(await res.arrayBuffer()) as unknown as ArrayBuffer);
  const sheet = workbook.getWorksheet("Danh sách hộ")!;
  const headers = (sheet.getRow(1).values as string[]).slice(1);
  for (const row of rows) sheet.addRow(headers.map((h) => row[h] ?? null));
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

describe("the import template", () => {
  it("is an XLSX with the list sheet, Vietnamese headers with notes in Vietnamese and English, and a guide", async () => {
    const res = await fetch(api.platform.url.replace("/graphql", "/templates/household-list.xlsx"));
    expect(res.status).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(await res.arrayBuffer()) as unknown as ArrayBuffer);
    expect(workbook.worksheets.map((w) => w.name)).toEqual(["Danh sách hộ", "Hướng dẫn"]);
    const sheet = workbook.getWorksheet("Danh sách hộ")!;
    expect((sheet.getRow(1).values as string[]).slice(1)).toEqual(HEADERS);
    expect(String(sheet.getCell("A1").note)).toMatch(
      /^Mã hộ trong danh sách của phường\/xã.*Bắt buộc\.\nGiá trị nhận: .*\n\n\(EN\) Household code/s,
    );
    expect(sheet.rowCount).toBe(1);
    const guide = workbook.getWorksheet("Hướng dẫn")!;
    const rows = Array.from(guide.getSheetValues().slice(1) as unknown[][], (r) =>
      Array.from((r ?? []).slice(1), (v) => (v === undefined || v === null ? "" : String(v))),
    );
    expect(rows[2]).toEqual([
      "Mã hộ",
      "Có (yes)",
      "chữ in hoa, chữ số, dấu gạch ngang (capitals, digits, hyphens)",
      expect.stringMatching(/^Mã hộ trong danh sách/),
      expect.stringMatching(/^Household code/),
    ]);
    // Every accepted code with its meaning, Vietnamese with English beside: causes 1–8, the decree's 12 indicators, the classifications.
    const meaningOf = (first: string) => rows.find((r) => r[0] === first)!.slice(3, 5);
    expect(meaningOf("1")).toEqual(["Không có đất sản xuất", "No production land"]);
    expect(meaningOf("8")).toEqual(["Nguyên nhân khác", "Other causes"]);
    expect(rows.filter((r) => /^\d+\. /.test(r[0])).map((r) => r[0])).toEqual([
      "1. Việc làm",
      "2. Người phụ thuộc trong hộ gia đình",
      "3. Dinh dưỡng",
      "4. Bảo hiểm y tế",
      "5. Trình độ giáo dục của người lớn",
      "6. Tình trạng đi học của trẻ em",
      "7. Chất lượng nhà ở",
      "8. Diện tích nhà ở bình quân đầu người",
      "9. Nguồn nước sinh hoạt",
      "10. Nhà tiêu hợp vệ sinh",
      "11. Sử dụng dịch vụ viễn thông",
      "12. Phương tiện phục vụ tiếp cận thông tin",
    ]);
    expect(rows.find((r) => r[0] === "12. Phương tiện phục vụ tiếp cận thông tin")![2]).toBe(
      "Thông tin (Information)",
    );
    expect(meaningOf("NEAR_POOR")[0]).toMatch(/^Hộ cận nghèo/);
  });

  it("is a CSV in UTF-8 with the same headers", async () => {
    const text = await (
      await fetch(api.platform.url.replace("/graphql", "/templates/household-list.csv"))
    ).text();
    expect(text.replace(/^\uFEFF/, "").trim()).toBe(HEADERS.join(","));
  });
});

describe("a ward officer's review list", () => {
  const good = [
    householdRow("QN-21550-1001", {
      "Phân loại hộ": "Hộ nghèo",
      "Thiếu hụt: Việc làm": "x",
      "Thiếu hụt: Sử dụng dịch vụ viễn thông": "x",
      "Nguyên nhân nghèo": "3; 7",
      "Số CCCD": "052070000101",
    }),
    memberRow("QN-21550-1001", {
      "Họ và tên": "Lê Thị Cúc",
      "Giới tính": "Nữ",
      "Quan hệ với chủ hộ": "Vợ",
      "Năm sinh": 1974,
      "Tình trạng việc làm": "Thất nghiệp",
    }),
    householdRow("QN-21550-1002", { "Họ và tên": "Phạm Văn Dũng", "Năm sinh": 1962 }),
  ];
  const broken: ListRow[] = [
    { ...good[0], "Phân loại hộ": "rất nghèo" },
    { ...good[1], "Năm sinh": 1890, "Số CCCD": 52074000102 },
    { ...good[2], "Họ và tên": "", "Quan hệ với chủ hộ": "Con" },
  ];

  it("dry-runs a list with mistakes: every bad cell reported by row, column, value and reason; nothing written", async () => {
    const [households, results] = [await householdCount(), await reviewResultCount()];
    const report = await importList(api, await filledTemplate(broken), {
      ward: "21550",
      review: "2024-PERIODIC",
      dryRun: true,
      as: OFFICER_21550,
    });
    expect(report).toMatchObject({
      dryRun: true,
      committed: false,
      rowsRead: 3,
      householdsInFile: 2,
      householdsCreated: 0,
      issueCount: 5,
    });
    expect(report.issues).toEqual([
      {
        row: 2,
        column: "Phân loại hộ",
        value: "rất nghèo",
        reason: expect.stringMatching(/^not a classification; write one of: Hộ nghèo/),
      },
      {
        row: 3,
        column: "Năm sinh",
        value: "1890",
        reason: expect.stringMatching(/^must be a year from 1900/),
      },
      {
        row: 3,
        column: "Số CCCD",
        value: "52074000102",
        reason: expect.stringMatching(/stored as a number, which drops leading zeros/),
      },
      { row: 4, column: "Họ và tên", value: "", reason: "required" },
      {
        row: 4,
        column: "Quan hệ với chủ hộ",
        value: "",
        reason: "the household has no member marked Chủ hộ (head)",
      },
    ]);
    expect([await householdCount(), await reviewResultCount()]).toEqual([households, results]);
  });

  it("commits nothing while any row is bad", async () => {
    const households = await householdCount();
    const report = await importList(api, await filledTemplate([...good.slice(0, 2), broken[2]]), {
      ward: "21550",
      review: "2024-PERIODIC",
      as: OFFICER_21550,
    });
    expect(report).toMatchObject({ committed: false, issueCount: 2, importId: null });
    expect(report.message).toMatch(/nothing was imported/);
    expect(await householdCount()).toBe(households);
  });

  it("imports the fixed list all at once, routes the new households and tells the ward's subscribers", async () => {
    const ward = subscribe(api, WardTaskUpdatesDocument, {
      ward: "21550",
      after: await latestCursor(api),
    });
    const file = await filledTemplate(good);
    const dry = await importList(api, file, {
      ward: "21550",
      review: "2024-PERIODIC",
      dryRun: true,
      as: OFFICER_21550,
    });
    expect(dry).toMatchObject({
      committed: false,
      issueCount: 0,
      householdsCreated: 2,
      tasksRouted: 4,
    });
    expect(await householdByCode("QN-21550-1001")).toBeUndefined();

    const report = await importList(api, file, {
      ward: "21550",
      review: "2024-PERIODIC",
      as: OFFICER_21550,
    });
    expect(report).toMatchObject({
      committed: true,
      householdsCreated: 2,
      householdsUpdated: 0,
      tasksRouted: 4,
      importId: expect.any(String),
    });
    const first = (await householdByCode("QN-21550-1001"))!;
    expect(first).toMatchObject({
      classification: "POOR",
      incomePerPersonMonthly: 1_200_000,
      ward: { code: "21550" },
      povertyCauses: ["NO_LABOUR", "ILLNESS_OR_ACCIDENT"],
      members: [
        { fullName: "Nguyễn Văn An", relationToHead: "HEAD", nationalIdNumber: "052070000101" },
        { fullName: "Lê Thị Cúc", relationToHead: "SPOUSE", nationalIdNumber: null },
      ],
      reviewHistory: [
        { classification: "POOR", review: { code: "2024-PERIODIC" }, ward: { code: "21550" } },
      ],
    });
    expect(first.deprivations.map((d) => d.indicator)).toEqual([
      "EMPLOYMENT",
      "HEALTH_INSURANCE",
      "TELECOM_SERVICES",
    ]);
    expect((await tasksOf(first.id)).map((t) => t.measure.code).sort()).toEqual([
      "HEALTH_INSURANCE_CARD",
      "INTERNET_ACCESS",
      "JOB_REFERRAL",
    ]);
    const heard = (await Promise.all([0, 1, 2, 3].map(() => ward.next()))).map(
      (e) => e.taskUpdated,
    );
    expect(
      heard.map((e) => `${e.event.kind} ${e.task!.household.code} ${e.task!.measure.code}`).sort(),
    ).toEqual([
      "ROUTED QN-21550-1001 HEALTH_INSURANCE_CARD",
      "ROUTED QN-21550-1001 INTERNET_ACCESS",
      "ROUTED QN-21550-1001 JOB_REFERRAL",
      "ROUTED QN-21550-1002 HEALTH_INSURANCE_CARD",
    ]);
    await ward.close();
  });

  it("updates households by code on re-import, without duplicates, and re-routes what changed", async () => {
    const households = await householdCount();
    const same = await importList(api, await filledTemplate(good), {
      ward: "21550",
      review: "2024-PERIODIC",
      as: OFFICER_21550,
    });
    expect(same).toMatchObject({
      committed: true,
      householdsCreated: 0,
      householdsUpdated: 0,
      householdsUnchanged: 2,
      tasksRouted: 0,
      likelyDuplicates: [],
    });

    const changed = [
      {
        ...good[0],
        "Thiếu hụt: Sử dụng dịch vụ viễn thông": "",
        "Thiếu hụt: Nhà tiêu hợp vệ sinh": "x",
      },
      good[1],
      good[2],
    ];
    const report = await importList(api, csvList(changed), {
      ward: "21550",
      review: "2024-PERIODIC",
      fileName: "list.csv",
      as: OFFICER_21550,
    });
    expect(report).toMatchObject({
      committed: true,
      householdsCreated: 0,
      householdsUpdated: 1,
      householdsUnchanged: 1,
      tasksRouted: 1,
      tasksNeedGone: 1,
    });
    expect(await householdCount()).toBe(households);
    const first = (await householdByCode("QN-21550-1001"))!;
    expect(first.version).toBe(2);
    expect(await tasksOf(first.id)).toEqual(
      expect.arrayContaining([
        { measure: { code: "INTERNET_ACCESS" }, status: "ROUTED", needGone: true },
        { measure: { code: "HYGIENIC_LATRINE" }, status: "ROUTED", needGone: false },
      ]),
    );
  });

  it("reports likely duplicates for a person to decide, and imports them only when settled", async () => {
    const listed = await data(api, HouseholdMembersDocument, {
      first: 1,
      filter: { wardCodes: ["21550"], search: "QN-21550-0" },
    });
    const existing = listed.households.edges[0].node;
    const head = existing.members!.find((m) => m.relationToHead === "HEAD")!;
    const lookalike = householdRow("QN-21550-1003", {
      "Họ và tên": head.fullName.normalize("NFD").replace(/\p{M}/gu, "").toUpperCase(),
      "Năm sinh": head.birthYear,
    });
    const sameId = householdRow("QN-21550-1004", {
      "Họ và tên": "Võ Văn Em",
      "Số CCCD": "052070000101",
    });

    const households = await householdCount();
    const blocked = await importList(api, await xlsxList([lookalike, sameId]), {
      ward: "21550",
      review: "2024-PERIODIC",
      as: OFFICER_21550,
    });
    expect(blocked).toMatchObject({ committed: false, issueCount: 0 });
    expect(blocked.message).toMatch(/2 likely duplicates need a decision/);
    expect(blocked.likelyDuplicates).toEqual([
      {
        row: 2,
        householdCode: "QN-21550-1003",
        otherHouseholdCode: existing.code,
        matchedBy: "HEAD_NAME_AND_BIRTH_YEAR",
        settled: false,
      },
      {
        row: 3,
        householdCode: "QN-21550-1004",
        otherHouseholdCode: "QN-21550-1001",
        matchedBy: "NATIONAL_ID",
        settled: false,
      },
    ]);
    expect(await householdCount()).toBe(households);

    const settled = await importList(api, await xlsxList([lookalike, sameId]), {
      ward: "21550",
      review: "2024-PERIODIC",
      distinct: ["qn-21550-1003", " QN-21550-1004"],
      as: OFFICER_21550,
    });
    expect(settled).toMatchObject({ committed: true, householdsCreated: 2 });
    expect(settled.likelyDuplicates.every((d) => d.settled)).toBe(true);
  });

  it("names another ward's household sharing an ID number to ADMIN only", async () => {
    const foreign = await data(api, HouseholdMembersDocument, {
      first: 30,
      filter: { wardCodes: ["21553"] },
    });
    const owner = foreign.households.edges.find((e) =>
      e.node.members?.some((m) => m.nationalIdNumber),
    )!.node;
    const id = owner.members!.find((m) => m.nationalIdNumber)!.nationalIdNumber!;
    const file = await xlsxList([
      householdRow("QN-21550-1010", { "Họ và tên": "Cao Văn Sơn", "Số CCCD": id }),
    ]);
    const asOfficer = await importList(api, file, {
      ward: "21550",
      review: "2024-PERIODIC",
      dryRun: true,
      as: OFFICER_21550,
    });
    expect(asOfficer.likelyDuplicates).toEqual([
      {
        row: 2,
        householdCode: "QN-21550-1010",
        otherHouseholdCode: "OTHER_WARD",
        matchedBy: "NATIONAL_ID",
        settled: false,
      },
    ]);
    const asAdmin = await importList(api, file, {
      ward: "21550",
      review: "2024-PERIODIC",
      dryRun: true,
    });
    expect(asAdmin.likelyDuplicates[0].otherHouseholdCode).toBe(owner.code);
  });

  it("refuses a code of another ward's household", async () => {
    const other = (await data(api, HouseholdMatchingDocument, { filter: { wardCodes: ["21553"] } }))
      .households.edges[0].node.code;
    const report = await importList(api, await xlsxList([householdRow(other)]), {
      ward: "21550",
      review: "2024-PERIODIC",
      dryRun: true,
    });
    expect(report.issues).toEqual([
      {
        row: 2,
        column: "Mã hộ",
        value: other,
        reason: expect.stringMatching(/belongs to a household of Nhơn Phú \(21553\)/),
      },
    ]);
  });

  it("refuses results older than ones already recorded", async () => {
    const list = await xlsxList([
      householdRow("QN-21550-1005", { "Họ và tên": "Đỗ Thị Giang", "Năm sinh": 1981 }),
    ]);
    expect(await importList(api, list, { ward: "21550", review: "2025-PERIODIC" })).toMatchObject({
      committed: true,
    });
    const report = await importList(api, list, { ward: "21550", review: "2024-PERIODIC" });
    expect(report.issues).toEqual([
      {
        row: 2,
        column: "Mã hộ",
        value: "QN-21550-1005",
        reason: expect.stringMatching(/later review 2025-PERIODIC/),
      },
    ]);
  });
});

describe("who may import", () => {
  it("keeps a ward officer to their own ward, and others out", async () => {
    const file = await xlsxList([householdRow("QN-21553-1001")]);
    const foreign = await uploadList(api, file, {
      ward: "21553",
      review: "2024-PERIODIC",
      as: OFFICER_21550,
    });
    expect(foreign.errors?.[0].extensions?.code).toBe("FORBIDDEN");
    for (const role of [Role.ANALYST, Role.MONITOR]) {
      const res = await uploadList(api, file, {
        ward: "21553",
        review: "2024-PERIODIC",
        as: { sub: "x", role },
      });
      expect(res.errors?.[0].extensions?.code).toBe("FORBIDDEN");
    }
    const staff = await uploadList(api, file, {
      ward: "21553",
      review: "2024-PERIODIC",
      as: { sub: "s", role: Role.AGENCY_STAFF, agency: "LABOUR" },
    });
    expect(staff.errors?.[0].extensions?.code).toBe("FORBIDDEN");
    expect(await householdByCode("QN-21553-1001")).toBeUndefined();
  });

  it("reads no upload without a valid token", async () => {
    const form = new FormData();
    form.append(
      "operations",
      JSON.stringify({
        query:
          'mutation($f: Upload!) { importHouseholds(file: $f, wardCode: "21550", review: "2024-PERIODIC", dryRun: true) { committed } }',
        variables: { f: null },
      }),
    );
    form.append("map", JSON.stringify({ 0: ["variables.f"] }));
    form.append(
      "0",
      new Blob([new Uint8Array(await xlsxList([householdRow("QN-21550-1099")]))]),
      "list.xlsx",
    );
    const res = await fetch(api.platform.url, {
      method: "POST",
      headers: { "apollo-require-preflight": "true" },
      body: form,
    });
    expect(res.status).toBe(401);
  });
});

describe("broken files", () => {
  const row = householdRow("QN-21550-1100");
  // Every row names its file: jest.each takes a function with more parameters than the row has for a done-callback test.
  const cases: [string, () => Promise<Buffer> | Buffer, RegExp, string][] = [
    ["an empty file", () => Buffer.alloc(0), /the file is empty/, "list.xlsx"],
    [
      "a picture",
      () => Buffer.from("89504e470d0a1a0a0000000d49484452", "hex"),
      /neither an XLSX spreadsheet nor CSV text/,
      "photo.png",
    ],
    [
      "an old .xls",
      () => Buffer.concat([Buffer.from("d0cf11e0a1b11ae1", "hex"), Buffer.alloc(512)]),
      /old Excel 97–2003 \(\.xls\)/,
      "list.xls",
    ],
    [
      "a damaged xlsx",
      async () => (await xlsxList([row])).subarray(0, 400),
      /not a readable XLSX spreadsheet/,
      "list.xlsx",
    ],
    [
      "a text file named .xlsx",
      () => Buffer.from("hello"),
      /not a readable XLSX spreadsheet/,
      "list.xlsx",
    ],
    [
      "a workbook without the list sheet",
      async () => renamedSheet(await xlsxList([row])),
      /no sheet named "Danh sách hộ" \(it has: "Sheet1"\)/,
      "list.xlsx",
    ],
    [
      "50,000 rows",
      () =>
        xlsxList(Array.from({ length: 50_000 }, (_, i) => householdRow(`QN-21550-${20000 + i}`))),
      /10,000 data rows/,
      "list.xlsx",
    ],
    [
      "50,000 CSV rows",
      () =>
        csvList(Array.from({ length: 50_000 }, (_, i) => householdRow(`QN-21550-${20000 + i}`))),
      /more than 10,000 data rows/,
      "list.csv",
    ],
    [
      "formulas",
      () =>
        xlsxList(
          [row],
          (_w, sheet) =>
            void (sheet.getCell("E2").value = {
              formula: "1000*1200",
              result: 1_200_000,
            } as ExcelJS.CellFormulaValue),
        ),
      /formulas are not accepted \(E2\)/,
      "list.xlsx",
    ],
    [
      "merged cells",
      () =>
        xlsxList([row, memberRow("QN-21550-1100", { "Quan hệ với chủ hộ": "Con" })], (_w, sheet) =>
          sheet.mergeCells("A2:A3"),
        ),
      /merged cells are not accepted \(A2:A3\)/,
      "list.xlsx",
    ],
    [
      "11,000 rows",
      () =>
        xlsxList(Array.from({ length: 11_000 }, (_, i) => householdRow(`QN-21550-${20000 + i}`))),
      /more than 10,000 data rows/,
      "list.xlsx",
    ],
    [
      "a workbook that unpacks to 100 MB",
      () =>
        xlsxList([row], (workbook) => {
          const filler = workbook.addWorksheet("Ghi chú");
          const text = "x".repeat(32_000);
          for (let i = 0; i < 3_300; i++) filler.addRow([`${i}${text}`]);
        }),
      /unpacks to more than 64 MB/,
      "list.xlsx",
    ],
    ["only a header", () => xlsxList([]), /no data rows/, "list.xlsx"],
    [
      "nothing at all in the sheet",
      () => xlsxList([], (_w, sheet) => sheet.spliceRows(1, 1)),
      /the file has no rows/,
      "list.xlsx",
    ],
    [
      "an unknown column",
      () => xlsxList([row], (_w, sheet) => void (sheet.getCell("AC1").value = "Ghi chú")),
      /unknown columns in the header row: "Ghi chú"/,
      "list.xlsx",
    ],
    [
      "a missing required column",
      () => xlsxList([row], (_w, sheet) => sheet.spliceColumns(1, 1)),
      /lacks required columns: "Mã hộ"/,
      "list.xlsx",
    ],
    [
      "a CSV that is not UTF-8",
      () => Buffer.from("M\xe3 h\xf4\r\nx", "latin1"),
      /CSV UTF-8/,
      "list.csv",
    ],
  ];

  it.each(cases)(
    "refuses %s with a clear error and writes nothing",
    async (_name, make, message, fileName) => {
      const households = await householdCount();
      const res = await uploadList(api, await make(), {
        ward: "21550",
        review: "2024-PERIODIC",
        fileName,
      });
      expect(res.status).toBe(200);
      expect(res.errors).toHaveLength(1);
      expect(res.errors![0].extensions).toMatchObject({ code: "BAD_USER_INPUT", argument: "file" });
      expect(res.errors![0].message).toMatch(message);
      expect(await householdCount()).toBe(households);
    },
    60_000,
  );

  it("refuses a review or ward code that names nothing", async () => {
    const file = await xlsxList([row]);
    expect(
      (await uploadList(api, file, { ward: "21550", review: "2024" })).errors?.[0].extensions,
    ).toMatchObject({ code: "BAD_USER_INPUT", argument: "review" });
    expect(
      (await uploadList(api, file, { ward: "99999", review: "2024-PERIODIC" })).errors?.[0]
        .extensions?.code,
    ).toBe("NOT_FOUND");
    // A mistyped future year would leave households with a "later" result no real import could follow.
    const future = await uploadList(api, file, { ward: "21550", review: "2052-PERIODIC" });
    expect(future.errors?.[0].extensions).toMatchObject({
      code: "BAD_USER_INPUT",
      argument: "review",
    });
    expect(future.errors?.[0].message).toMatch(/begins on 2052-09-01/);
  });
});

describe("files over the size limit", () => {
  const LIMIT = 10 * 1024 * 1024;
  const row = householdRow("QN-21550-1200");
  // Trailing blank lines are skipped, so a file cut anywhere past its data reads as a good list:
  // only a refusal keeps it from being imported in part.
  const paddedCsv = (size: number) => {
    const list = Buffer.concat([csvList([row]), Buffer.from("\r\n")]);
    return Buffer.concat([list, Buffer.alloc(size - list.length, "\n")]);
  };
  const sizes: [string, number][] = [
    ["1 byte", LIMIT + 1],
    ["1 MB", LIMIT + 1024 * 1024],
  ];
  const cases = sizes.flatMap(([over, size]) =>
    (["csv", "xlsx"] as const).flatMap((format) =>
      [true, false].map(
        (dryRun) => [over, format, dryRun ? "dry run" : "commit", size, dryRun] as const,
      ),
    ),
  );

  it.each(cases)(
    "refuses a file %s over the limit (%s, %s) before reading it, and writes nothing",
    async (_over, format, _mode, size, dryRun) => {
      const file =
        format === "csv" ? paddedCsv(size) : await paddedXlsx(await xlsxList([row]), size);
      expect(file.length).toBe(size);
      const [households, results] = [await householdCount(), await reviewResultCount()];
      const res = await uploadList(api, file, {
        ward: "21550",
        review: "2024-PERIODIC",
        dryRun,
        fileName: `list.${format}`,
      });
      expect(res.report).toBeUndefined();
      expect(res.errors).toHaveLength(1);
      expect(res.errors![0].extensions).toMatchObject({ code: "BAD_USER_INPUT", argument: "file" });
      expect(res.errors![0].message).toMatch(/larger than 10 MB/);
      expect([await householdCount(), await reviewResultCount()]).toEqual([households, results]);
    },
    60_000,
  );

  it("holds the request's JSON to the body limit, answering 413 as JSON", async () => {
    const households = await householdCount();
    const form = new FormData();
    const operations = {
      query: IMPORT,
      variables: {
        file: null,
        wardCode: "21550",
        review: "2024-PERIODIC",
        dryRun: false,
        distinctHouseholdCodes: ["x".repeat(250_000)],
      },
    };
    form.append("operations", JSON.stringify(operations));
    form.append("map", JSON.stringify({ 0: ["variables.file"] }));
    form.append("0", new Blob([new Uint8Array(csvList([row]))]), "list.csv");
    const res = await fetch(api.platform.url, {
      method: "POST",
      headers: {
        authorization: `Bearer ${await api.tokenFor(ADMIN)}`,
        "apollo-require-preflight": "true",
      },
      body: form,
    });
    expect(res.status).toBe(413);
    expect(((await res.json()) as { errors: unknown[] }).errors[0]).toMatchObject({
      message: expect.stringMatching(
        /'operations' multipart field value exceeds the 200000 byte size limit/,
      ),
      extensions: { code: "BAD_REQUEST" },
    });
    expect(await householdCount()).toBe(households);
  });

  it("takes a file of exactly the limit", async () => {
    const report = await importList(api, paddedCsv(LIMIT), {
      ward: "21550",
      review: "2024-PERIODIC",
      dryRun: true,
      fileName: "list.csv",
    });
    expect(report).toMatchObject({ householdsInFile: 1, issueCount: 0 });
  }, 60_000);
});

/** The workbook grown to exactly `size` bytes by a stored (uncompressed) part of random bytes that ExcelJS ignores. */
async function paddedXlsx(workbook: Buffer, size: number): Promise<Buffer> {
  const grown = async (padding: number) => {
    const zip = await JSZip.loadAsync(workbook);
    zip.file("xl/media/padding.bin", randomBytes(padding), { compression: "STORE" });
    return zip.generateAsync({ type: "nodebuffer", compression: "DEFLATE" });
  };
  // The zip's other parts and headers take the same room whatever the padding's length.
  const probe = await grown(0);
  return grown(size - probe.length);
}

async function renamedSheet(bytes: Buffer): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  workbook.getWorksheet("Danh sách hộ")!.name = "Sheet1";
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
