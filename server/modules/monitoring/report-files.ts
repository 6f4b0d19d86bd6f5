import ExcelJS from "exceljs";
import type { MonitoringReport } from "./monitoring-report.types";

type Cell = string | number | null;

/** A section of the report as a table: its sheet, its CSV name, Vietnamese headers and rows. */
interface Section {
  key: string;
  sheet: string;
  headers: string[];
  rows(report: MonitoringReport): Cell[][];
}

export const REPORT_SECTIONS: Section[] = [
  {
    key: "agencies",
    sheet: "Cơ quan - biện pháp",
    headers: ["Mã cơ quan", "Cơ quan", "Mã biện pháp", "Biện pháp", "Đã giao", "Đã nhận", "Hoàn thành", "Từ chối", "Quá hạn", "Chỉ tiêu kế hoạch"],
    rows: (r) => r.agencyMeasures.map((a) => [a.agencyCode, a.agencyName, a.measureCode, a.measureName, a.routed, a.accepted, a.completed, a.declined, a.overdue, a.target]),
  },
  {
    key: "wards",
    sheet: "Phường - xã",
    headers: ["Mã phường/xã", "Phường/xã", "Tổng số hộ", "Hộ nghèo", "Hộ cận nghèo", "Tỷ lệ hộ nghèo (%)", "Tỷ lệ hộ cận nghèo (%)", "Thoát nghèo", "Thoát cận nghèo", "Nghèo phát sinh", "Tái nghèo", "Chỉ tiêu hộ nghèo"],
    rows: (r) =>
      [...r.wards, r.city].map((w) => [w.wardCode ?? "", w.wardName, w.householdsTotal, w.poor, w.nearPoor, w.poorRate, w.nearPoorRate, w.escapedPoverty, w.escapedNearPoverty, w.newlyPoor, w.rePoor, w.poorHouseholdsTarget]),
  },
  {
    key: "funds",
    sheet: "Kinh phí",
    headers: ["Mã nguồn", "Nguồn kinh phí", "Dự toán (đồng)", "Đã phân bổ (đồng)", "Đã chi (đồng)"],
    rows: (r) => r.funds.map((f) => [f.sourceCode, f.sourceName, f.budget, f.allocated, f.spent]),
  },
  {
    key: "capacity",
    sheet: "Tập huấn",
    headers: ["Chỉ số", "Trong kỳ", "Lũy kế đến cuối kỳ", "Chỉ tiêu"],
    rows: (r) => [
      ["Số lớp tập huấn", r.capacity.sessions, r.capacity.toDate.sessions, null],
      ["Số người được tập huấn", r.capacity.trained, r.capacity.toDate.trained, r.capacity.toDate.trainedTarget],
      ["Trong đó cán bộ thôn, khu vực", r.capacity.villageOfficersTrained, r.capacity.toDate.villageOfficersTrained, r.capacity.toDate.villageOfficersTarget],
    ],
  },
];

/** The report as a workbook: a sheet per section with Vietnamese headers, figures as numbers. */
export async function reportXlsx(report: MonitoringReport): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "Quy Nhơn poverty-reduction platform";
  for (const section of REPORT_SECTIONS) {
    const sheet = workbook.addWorksheet(section.sheet);
    sheet.addRow([`Báo cáo giám sát, đánh giá từ ${report.from} đến ${report.to}`]);
    sheet.addRow(section.headers).font = { bold: true };
    for (const row of section.rows(report)) sheet.addRow(row);
    sheet.columns.forEach((c, i) => (c.width = i < 4 ? 28 : 16));
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** One section of the report as CSV (UTF-8 with a byte-order mark, comma-separated). */
export function reportCsv(report: MonitoringReport, key: string): Buffer {
  const section = REPORT_SECTIONS.find((s) => s.key === key)!;
  const cell = (v: Cell) => (v === null ? "" : typeof v === "number" ? String(v) : /[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  const lines = [section.headers, ...section.rows(report)].map((row) => row.map(cell).join(","));
  return Buffer.from(`\uFEFF${lines.join("\r\n")}\r\n`, "utf8");
}
