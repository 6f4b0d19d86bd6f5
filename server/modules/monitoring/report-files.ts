import ExcelJS from "exceljs";
import type { MonitoringReport } from "./monitoring-report.types";
import { vietnameseDate, vietnamesePeriod } from "./report-period";

type Cell = string | number | null;

/** What a column holds, which decides its cell format and width. */
type Kind = "code" | "name" | "count" | "rate" | "vnd";

/** A section of the report as a table: its sheet, its CSV name, Vietnamese headers, what each column holds, and rows. */
interface Section {
  key: string;
  sheet: string;
  headers: string[];
  kinds: Kind[];
  rows(report: MonitoringReport): Cell[][];
}

export const REPORT_SECTIONS: Section[] = [
  {
    key: "agencies",
    sheet: "Cơ quan - biện pháp",
    headers: [
      "Mã cơ quan",
      "Cơ quan",
      "Mã biện pháp",
      "Biện pháp",
      "Đã giao",
      "Đã nhận",
      "Hoàn thành",
      "Từ chối",
      "Quá hạn",
      "Chỉ tiêu kế hoạch",
    ],
    kinds: ["code", "name", "code", "name", "count", "count", "count", "count", "count", "count"],
    rows: (r) =>
      r.agencyMeasures.map((a) => [
        a.agencyCode,
        a.agencyName,
        a.measureCode,
        a.measureName,
        a.routed,
        a.accepted,
        a.completed,
        a.declined,
        a.overdue,
        a.target,
      ]),
  },
  {
    key: "wards",
    sheet: "Phường - xã",
    headers: [
      "Mã phường/xã",
      "Phường/xã",
      "Tổng số hộ",
      "Hộ nghèo",
      "Hộ cận nghèo",
      "Tỷ lệ hộ nghèo (%)",
      "Tỷ lệ hộ cận nghèo (%)",
      "Thoát nghèo",
      "Thoát cận nghèo",
      "Nghèo phát sinh",
      "Tái nghèo",
      "Chỉ tiêu hộ nghèo",
    ],
    kinds: [
      "code",
      "name",
      "count",
      "count",
      "count",
      "rate",
      "rate",
      "count",
      "count",
      "count",
      "count",
      "count",
    ],
    rows: (r) =>
      [...r.wards, r.city].map((w) => [
        w.wardCode ?? "",
        w.wardName,
        w.householdsTotal,
        w.poor,
        w.nearPoor,
        w.poorRate,
        w.nearPoorRate,
        w.escapedPoverty,
        w.escapedNearPoverty,
        w.newlyPoor,
        w.rePoor,
        w.poorHouseholdsTarget,
      ]),
  },
  {
    key: "funds",
    sheet: "Kinh phí",
    headers: ["Mã nguồn", "Nguồn kinh phí", "Dự toán (đồng)", "Đã phân bổ (đồng)", "Đã chi (đồng)"],
    kinds: ["code", "name", "vnd", "vnd", "vnd"],
    rows: (r) => r.funds.map((f) => [f.sourceCode, f.sourceName, f.budget, f.allocated, f.spent]),
  },
  {
    key: "capacity",
    sheet: "Tập huấn",
    headers: ["Chỉ số", "Trong kỳ", "Lũy kế đến cuối kỳ", "Chỉ tiêu"],
    kinds: ["name", "count", "count", "count"],
    rows: (r) => [
      ["Số lớp tập huấn", r.capacity.sessions, r.capacity.toDate.sessions, null],
      [
        "Số người được tập huấn",
        r.capacity.trained,
        r.capacity.toDate.trained,
        r.capacity.toDate.trainedTarget,
      ],
      [
        "Trong đó cán bộ thôn, khu vực",
        r.capacity.villageOfficersTrained,
        r.capacity.toDate.villageOfficersTrained,
        r.capacity.toDate.villageOfficersTarget,
      ],
    ],
  },
];

/**
 * Cell formats of each kind. Excel and LibreOffice show them with the reader's separators, so a
 * Vietnamese Excel shows 1.234.567 ₫ and 12,50; the values stay numbers to sum and chart.
 */
const FORMATS: Record<Kind, string | undefined> = {
  code: "@",
  name: undefined,
  count: "#,##0",
  rate: "#,##0.00",
  vnd: "#,##0 [$₫-42A]",
};
/** Widest a text column grows (characters) before its text wraps. */
const MAX_TEXT_WIDTH = 34;

/** The report's title as officials write it: the period in words and its dates dd/mm/yyyy. */
export function reportTitle(report: Pick<MonitoringReport, "from" | "to">): string {
  const period = vietnamesePeriod(report.from, report.to);
  const dates = `từ ngày ${vietnameseDate(report.from)} đến ngày ${vietnameseDate(report.to)}`;
  return `Báo cáo giám sát, đánh giá ${period}${period.startsWith("từ ngày") ? "" : ` (${dates})`}`;
}

/**
 * The report as a workbook: a sheet per section with Vietnamese headers, figures as numbers in
 * Vietnamese cell formats, laid out to print on A4 landscape — one page wide, the title and header
 * rows repeated on every page, the same rows and code columns frozen on screen.
 */
export async function reportXlsx(report: MonitoringReport): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "Quy Nhơn poverty-reduction platform";
  const title = reportTitle(report);
  for (const section of REPORT_SECTIONS) {
    const rows = section.rows(report);
    const frozenColumns = section.kinds.filter((k, i) => i < 2 && k !== "count").length;
    const sheet = workbook.addWorksheet(section.sheet, {
      views: [{ state: "frozen", xSplit: frozenColumns, ySplit: 2 }],
      pageSetup: {
        paperSize: 9, // A4
        orientation: "landscape",
        fitToPage: true,
        fitToWidth: 1,
        fitToHeight: 0, // as many pages down as the rows take
        printTitlesRow: "1:2",
        horizontalCentered: true,
        margins: { left: 0.5, right: 0.5, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
      },
      headerFooter: { oddFooter: `${section.sheet} — Trang &P/&N` },
    });
    sheet.addRow([title]).font = { bold: true, size: 13 };
    const header = sheet.addRow(section.headers);
    header.font = { bold: true };
    header.alignment = { wrapText: true, vertical: "middle", horizontal: "center" };
    for (const row of rows) sheet.addRow(row);
    section.kinds.forEach((kind, i) => {
      const column = sheet.getColumn(i + 1);
      const longest = Math.max(...rows.map((r) => shownLength(kind, r[i])));
      // Headers wrap at their spaces: a column is as wide as its longest word or its widest value, whichever is wider.
      const headerWord = Math.max(...section.headers[i].split(" ").map((w) => w.length));
      column.width = Math.min(
        MAX_TEXT_WIDTH,
        Math.max(headerWord + 2, longest + 2, kind === "name" ? 16 : 9),
      );
      if (FORMATS[kind])
        column.eachCell(
          (cell, rowNumber) => void (rowNumber > 2 && (cell.numFmt = FORMATS[kind]!)),
        );
      if (kind === "name")
        column.eachCell(
          (cell, rowNumber) =>
            void (rowNumber > 2 && (cell.alignment = { wrapText: true, vertical: "top" })),
        );
    });
    // Spreadsheets do not grow a row for wrapped text they did not wrap themselves: give the header its lines.
    header.height =
      15 *
      Math.max(...section.headers.map((h, i) => wrappedLines(h, sheet.getColumn(i + 1).width!)));
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** How many lines `text` takes when wrapped at its spaces into a column `width` characters wide. */
function wrappedLines(text: string, width: number): number {
  let lines = 1;
  let used = 0;
  for (const word of text.split(" ")) {
    if (used > 0 && used + 1 + word.length > width - 1) [lines, used] = [lines + 1, word.length];
    else used += (used > 0 ? 1 : 0) + word.length;
  }
  return lines;
}

/** About how many characters a value takes as its format shows it (1.234.567 ₫, 12,50). */
function shownLength(kind: Kind, value: Cell): number {
  if (value === null) return 0;
  if (kind === "rate") return Number(value).toFixed(2).length;
  if (kind === "count" || kind === "vnd")
    return Math.round(Number(value)).toLocaleString("vi-VN").length + (kind === "vnd" ? 2 : 0);
  return String(value).length;
}

/** How a CSV is written: plain (comma, decimal point) for programs; excel-vi for Excel set to Vietnamese. */
export type CsvDialect = "plain" | "excel-vi";
export const CSV_DIALECTS: CsvDialect[] = ["plain", "excel-vi"];

/**
 * One section of the report as CSV, UTF-8 with a byte-order mark. `plain` separates with commas and
 * writes 12.5; `excel-vi` — what Excel with Vietnamese regional settings opens without splitting
 * figures — separates with semicolons and writes 12,5.
 */
export function reportCsv(
  report: MonitoringReport,
  key: string,
  dialect: CsvDialect = "plain",
): Buffer {
  const section = REPORT_SECTIONS.find((s) => s.key === key)!;
  const [separator, decimal] = dialect === "excel-vi" ? [";", ","] : [",", "."];
  const quoted = new RegExp(`["${separator}\\n\\r]`);
  const cell = (v: Cell) =>
    v === null
      ? ""
      : typeof v === "number"
        ? String(v).replace(".", decimal)
        : quoted.test(v)
          ? `"${v.replace(/"/g, '""')}"`
          : v;
  const lines = [section.headers, ...section.rows(report)].map((row) =>
    row.map(cell).join(separator),
  );
  return Buffer.from(`\uFEFF${lines.join("\r\n")}\r\n`, "utf8");
}
