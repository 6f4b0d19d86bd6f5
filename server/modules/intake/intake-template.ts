import ExcelJS from "exceljs";
import { LIST_SHEET, TEMPLATE_COLUMNS } from "./intake-columns";

const GUIDE_SHEET = "Hướng dẫn";
const LAST_TEMPLATE_ROW = 10_001;

/** The import template as XLSX: the list sheet with its headers (each with an English note) and a guide sheet. */
export async function xlsxTemplate(): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "Quy Nhơn poverty-reduction platform";
  const list = workbook.addWorksheet(LIST_SHEET, { views: [{ state: "frozen", ySplit: 1, xSplit: 1 }] });
  list.columns = TEMPLATE_COLUMNS.map((c) => ({ header: c.header, key: c.key, width: Math.max(12, Math.min(40, c.header.length + 2)) }));
  list.getRow(1).font = { bold: true };
  list.getRow(1).alignment = { wrapText: true, vertical: "top" };
  TEMPLATE_COLUMNS.forEach((c, i) => {
    list.getCell(1, i + 1).note = `${c.note}\nAccepted: ${c.accepted}.${c.required ? " Required." : ""}`;
    // Text, so ID numbers keep their leading zeros and codes are not read as numbers.
    if (c.key === "nationalIdNumber" || c.key === "householdCode") list.getColumn(i + 1).numFmt = "@";
  });

  const guide = workbook.addWorksheet(GUIDE_SHEET);
  guide.columns = [
    { header: "Cột (column)", width: 42 },
    { header: "Bắt buộc (required)", width: 12 },
    { header: "Giá trị nhận (accepted values)", width: 50 },
    { header: "Note", width: 90 },
  ];
  guide.getRow(1).font = { bold: true };
  for (const c of TEMPLATE_COLUMNS) guide.addRow([c.header, c.required ? "Có" : "Không", c.accepted, c.note]);
  guide.addRow([]);
  guide.addRow([`One row per member (at most ${LAST_TEMPLATE_ROW - 1} rows). Household fields go on the household's first row; later rows of the household may leave them blank. Keep the sheet name "${LIST_SHEET}", plain values (no formulas) and no merged cells.`]);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** The import template as CSV (UTF-8 with a byte-order mark, so spreadsheet programs show the diacritics). */
export function csvTemplate(): Buffer {
  const header = TEMPLATE_COLUMNS.map((c) => (/[",;\n]/.test(c.header) ? `"${c.header.replace(/"/g, '""')}"` : c.header)).join(",");
  return Buffer.from(`\uFEFF${header}\r\n`, "utf8");
}
