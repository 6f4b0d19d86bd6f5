import type { TypedDocumentNode } from "@graphql-typed-document-node/core";
import ExcelJS from "exceljs";
import { print } from "graphql";
import { ImportHouseholdsDocument } from "../../client-sdk/src/generated/operations";
import { ADMIN, type TestIdentity, type TestPlatform } from "./test-platform";

/** One member row of a review list, by the template's header. */
export type ListRow = Record<string, string | number>;

/** A member row with every required member field, for tests to override. */
export function memberRow(code: string, fields: ListRow = {}): ListRow {
  return {
    "Mã hộ": code,
    "Họ và tên": "Nguyễn Văn An",
    "Năm sinh": 1970,
    "Giới tính": "Nam",
    "Quan hệ với chủ hộ": "Chủ hộ",
    "Có thẻ BHYT": "có",
    "Trình độ học vấn": "Tiểu học",
    "Tình trạng việc làm": "Không ổn định",
    ...fields,
  };
}

/** A one-member household row: the head, with the household's fields. */
export function householdRow(code: string, fields: ListRow = {}): ListRow {
  return memberRow(code, {
    "Địa chỉ": "Thôn 1",
    "Phân loại hộ": "Hộ cận nghèo",
    "Thu nhập bình quân (đồng/người/tháng)": "1.200.000",
    "Thiếu hụt: Bảo hiểm y tế": "x",
    ...fields,
  });
}

export const HEADERS = [
  "Mã hộ",
  "Địa chỉ",
  "Khu vực",
  "Phân loại hộ",
  "Thu nhập bình quân (đồng/người/tháng)",
  "Điểm thu nhập (điểm A)",
  "Thiếu hụt: Việc làm",
  "Thiếu hụt: Người phụ thuộc",
  "Thiếu hụt: Dinh dưỡng",
  "Thiếu hụt: Bảo hiểm y tế",
  "Thiếu hụt: Trình độ giáo dục người lớn",
  "Thiếu hụt: Tình trạng đi học của trẻ em",
  "Thiếu hụt: Chất lượng nhà ở",
  "Thiếu hụt: Diện tích nhà ở bình quân đầu người",
  "Thiếu hụt: Nguồn nước sinh hoạt",
  "Thiếu hụt: Nhà tiêu hợp vệ sinh",
  "Thiếu hụt: Sử dụng dịch vụ viễn thông",
  "Thiếu hụt: Phương tiện tiếp cận thông tin",
  "Nguyên nhân nghèo",
  "Họ và tên",
  "Năm sinh",
  "Giới tính",
  "Quan hệ với chủ hộ",
  "Số CCCD",
  "Có thẻ BHYT",
  "Trình độ học vấn",
  "Đang đi học",
  "Tình trạng việc làm",
];

/** An XLSX review list with the rows on the template's sheet; `build` may change the workbook first. */
export async function xlsxList(
  rows: ListRow[],
  build?: (workbook: ExcelJS.Workbook, sheet: ExcelJS.Worksheet) => void,
): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet("Danh sách hộ");
  sheet.addRow(HEADERS);
  for (const row of rows) sheet.addRow(HEADERS.map((h) => row[h] ?? null));
  build?.(workbook, sheet);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** A CSV review list (UTF-8, comma-separated). */
export function csvList(rows: ListRow[], delimiter = ","): Buffer {
  const cell = (v: string | number | undefined) =>
    v === undefined
      ? ""
      : /[",;\n]/.test(String(v))
        ? `"${String(v).replace(/"/g, '""')}"`
        : String(v);
  return Buffer.from(
    [
      HEADERS.map(cell).join(delimiter),
      ...rows.map((r) => HEADERS.map((h) => cell(r[h])).join(delimiter)),
    ].join("\r\n"),
    "utf8",
  );
}

/** The import mutation's text (the client SDK's, as the web app sends it), for tests that build the multipart request by hand. */
export const IMPORT = print(ImportHouseholdsDocument);

export interface ImportOptions {
  ward: string;
  review: string;
  dryRun?: boolean;
  distinct?: string[];
  fileName?: string;
  as?: TestIdentity;
}

/** Sends an operation with one file (variable `file`) through the GraphQL multipart request protocol; returns the status and parsed answer. */
export async function uploadOperation<TData, TVariables>(
  api: TestPlatform,
  document: TypedDocumentNode<TData, TVariables>,
  variables: Omit<TVariables, "file">,
  bytes: Buffer,
  fileName: string,
  as?: TestIdentity,
): Promise<UploadAnswer<TData>>;
export async function uploadOperation<TData = unknown>(
  api: TestPlatform,
  query: string,
  variables: Record<string, unknown>,
  bytes: Buffer,
  fileName: string,
  as?: TestIdentity,
): Promise<UploadAnswer<TData>>;
export async function uploadOperation(
  api: TestPlatform,
  operation: string | TypedDocumentNode<unknown, unknown>,
  variables: object,
  bytes: Buffer,
  fileName: string,
  as: TestIdentity = ADMIN,
): Promise<UploadAnswer<unknown>> {
  const query = typeof operation === "string" ? operation : print(operation);
  const form = new FormData();
  form.append("operations", JSON.stringify({ query, variables: { ...variables, file: null } }));
  form.append("map", JSON.stringify({ 0: ["variables.file"] }));
  form.append("0", new Blob([new Uint8Array(bytes)]), fileName);
  const res = await fetch(api.platform.url, {
    method: "POST",
    headers: {
      authorization: `Bearer ${await api.tokenFor(as)}`,
      "apollo-require-preflight": "true",
    },
    body: form,
  });
  const body = (await res.json()) as Omit<UploadAnswer<unknown>, "status">;
  return { status: res.status, data: body.data, errors: body.errors };
}

/** The HTTP status and parsed answer of an upload. */
export interface UploadAnswer<TData> {
  status: number;
  data?: TData;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
}

/** Uploads a list through the GraphQL multipart request protocol and returns the parsed answer. */
export async function uploadList(api: TestPlatform, bytes: Buffer, options: ImportOptions) {
  const variables = {
    wardCode: options.ward,
    review: options.review,
    dryRun: options.dryRun ?? false,
    distinctHouseholdCodes: options.distinct ?? null,
  };
  const { status, data, errors } = await uploadOperation(
    api,
    ImportHouseholdsDocument,
    variables,
    bytes,
    options.fileName ?? "list.xlsx",
    options.as,
  );
  return { status, report: data?.importHouseholds, errors };
}

/** The report of an import that must answer without a GraphQL error. */
export async function importList(api: TestPlatform, bytes: Buffer, options: ImportOptions) {
  const { report, errors } = await uploadList(api, bytes, options);
  if (errors || !report) throw new Error(`import failed: ${JSON.stringify(errors)}`);
  return report;
}

const CAUSE_NUMBER: Record<string, number> = {
  NO_PRODUCTION_LAND: 1,
  NO_PRODUCTION_CAPITAL: 2,
  NO_LABOUR: 3,
  NO_MEANS_OF_PRODUCTION: 4,
  NO_PRODUCTION_KNOWLEDGE: 5,
  NO_LABOUR_SKILLS: 6,
  ILLNESS_OR_ACCIDENT: 7,
  OTHER: 8,
};
const INDICATOR_HEADER: Record<string, string> = Object.fromEntries(
  [
    "EMPLOYMENT",
    "DEPENDANTS",
    "NUTRITION",
    "HEALTH_INSURANCE",
    "ADULT_EDUCATION",
    "CHILD_SCHOOL_ATTENDANCE",
    "HOUSING_QUALITY",
    "HOUSING_AREA",
    "DOMESTIC_WATER",
    "HYGIENIC_LATRINE",
    "TELECOM_SERVICES",
    "INFORMATION_ACCESS_MEANS",
  ].map((d, i) => [d, HEADERS[6 + i]]),
);

/** What `listOfWard` reads of a listed household: the fields a review list has a column for. */
interface ListedHousehold {
  code: string;
  /** Nullable in the schema; every listed household of the demo data has one. */
  address: string;
  area: string;
  classification: string;
  incomePerPersonMonthly: number | null;
  deprivations: { indicator: string }[];
  povertyCauses: string[];
  members: {
    fullName: string;
    birthYear: number;
    sex: string;
    relationToHead: string;
    nationalIdNumber: string | null;
    hasHealthInsurance: boolean;
    educationLevel: string;
    attendingSchool: boolean;
    workStatus: string;
  }[];
}

/** The ward's listed households as review-list rows (a member per row), by household code: what a ward exports to re-review. */
export async function listOfWard(
  api: TestPlatform,
  wardCode: string,
): Promise<Map<string, ListRow[]>> {
  const res = await api.graphql<{ households: { edges: { node: ListedHousehold }[] } }>(
    `query($w: [String!]) { households(first: 40, filter: { wardCodes: $w }) { edges { node { code address area classification incomePerPersonMonthly
      deprivations { indicator } povertyCauses members { fullName birthYear sex relationToHead nationalIdNumber hasHealthInsurance educationLevel attendingSchool workStatus } } } } }`,
    { w: [wardCode] },
  );
  if (res.errors || !res.data) throw new Error(JSON.stringify(res.errors));
  return new Map(
    res.data.households.edges.map(({ node: h }): [string, ListRow[]] => [
      h.code,
      h.members.map((m, i) => ({
        "Mã hộ": h.code,
        ...(i === 0
          ? {
              "Địa chỉ": h.address,
              "Khu vực": h.area,
              "Phân loại hộ": h.classification,
              ...(h.incomePerPersonMonthly === null
                ? {}
                : { "Thu nhập bình quân (đồng/người/tháng)": h.incomePerPersonMonthly }),
              ...Object.fromEntries(
                h.deprivations.map((d) => [INDICATOR_HEADER[d.indicator], "x"]),
              ),
              ...(h.povertyCauses.length
                ? {
                    "Nguyên nhân nghèo": h.povertyCauses.map((c) => CAUSE_NUMBER[c]).join("; "),
                  }
                : {}),
            }
          : {}),
        "Họ và tên": m.fullName,
        "Năm sinh": m.birthYear,
        "Giới tính": m.sex,
        "Quan hệ với chủ hộ": m.relationToHead,
        ...(m.nationalIdNumber ? { "Số CCCD": m.nationalIdNumber } : {}),
        "Có thẻ BHYT": m.hasHealthInsurance ? "x" : "không",
        "Trình độ học vấn": m.educationLevel,
        "Đang đi học": m.attendingSchool ? "x" : "",
        "Tình trạng việc làm": m.workStatus,
      })),
    ]),
  );
}

/** The rows with the household's classification replaced (on its first row). */
export const reclassified = (rows: ListRow[], classification: string): ListRow[] => [
  { ...rows[0], "Phân loại hộ": classification },
  ...rows.slice(1),
];
