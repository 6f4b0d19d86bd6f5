import ExcelJS from "exceljs";
import { translate } from "../../shared/i18n";
import { Classification, DeprivationIndicator, PovertyCause, dimensionOf } from "../households";
import { LIST_SHEET, TEMPLATE_COLUMNS } from "./intake-columns";

const GUIDE_SHEET = "Hướng dẫn";
const LAST_TEMPLATE_ROW = 10_001;

/** A catalogue message in Vietnamese with the English beside it, for officials and for the English reader alike. */
const bilingual = (key: string, params?: Record<string, string | number>) =>
  [translate("vi", key, params), translate("en", key, params)] as const;

/**
 * The import template as XLSX: the list sheet with its headers, each with a note in Vietnamese and
 * English, and a guide sheet listing every column's accepted values and what the codes mean — poverty
 * causes 1–8, the 12 indicators as Decree 07/2021/NĐ-CP names them, the classifications.
 */
export async function xlsxTemplate(): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "Quy Nhơn poverty-reduction platform";
  const list = workbook.addWorksheet(LIST_SHEET, {
    views: [{ state: "frozen", ySplit: 1, xSplit: 1 }],
  });
  list.columns = TEMPLATE_COLUMNS.map((c) => ({
    header: c.header,
    key: c.key,
    width: Math.max(12, Math.min(40, c.header.length + 2)),
  }));
  list.getRow(1).font = { bold: true };
  list.getRow(1).alignment = { wrapText: true, vertical: "top" };
  TEMPLATE_COLUMNS.forEach((c, i) => {
    const [vi, en] = bilingual(`template.note.${c.key}`);
    const [required, requiredEn] = c.required ? bilingual("template.guide.required") : ["", ""];
    list.getCell(1, i + 1).note =
      `${vi} ${required}\n${translate("vi", "template.guide.accepted", { accepted: c.accepted })}\n\n(EN) ${en} ${requiredEn}`.replace(
        / +\n/g,
        "\n",
      );
    // Text, so ID numbers keep their leading zeros and codes are not read as numbers.
    if (c.key === "nationalIdNumber" || c.key === "householdCode")
      list.getColumn(i + 1).numFmt = "@";
  });

  const guide = workbook.addWorksheet(GUIDE_SHEET);
  guide.columns = [{ width: 42 }, { width: 14 }, { width: 50 }, { width: 70 }, { width: 70 }];
  const heading = (key: string, params?: Record<string, string | number>) => {
    const [vi, en] = bilingual(key, params);
    guide.addRow([vi, "", "", "", en]).font = { bold: true };
  };
  heading("template.guide.columns", { sheet: LIST_SHEET });
  guide.addRow([
    "Cột (column)",
    "Bắt buộc (required)",
    "Giá trị nhận (accepted values)",
    "Hướng dẫn",
    "Note (English)",
  ]).font = { bold: true };
  for (const c of TEMPLATE_COLUMNS)
    guide.addRow([
      c.header,
      c.required ? "Có (yes)" : "Không (no)",
      c.accepted,
      ...bilingual(`template.note.${c.key}`),
    ]);
  guide.addRow([]);
  heading("template.guide.causes");
  for (const cause of Object.values(PovertyCause).filter(
    (v): v is PovertyCause => typeof v === "number",
  ))
    guide.addRow([cause, "", "", ...bilingual(`template.cause.${cause}`)]);
  guide.addRow([]);
  heading("template.guide.indicators");
  Object.values(DeprivationIndicator).forEach((indicator, i) => {
    const dimension = bilingual(`template.dimension.${dimensionOf[indicator]}`);
    const [vi, en] = bilingual(`template.indicator.${indicator}`);
    guide.addRow([
      `${i + 1}. ${vi}`,
      "",
      `${dimension[0]} (${dimension[1]})`,
      translate("vi", `template.note.deprivation.${indicator}`),
      `${en}: ${translate("en", `template.note.deprivation.${indicator}`).replace(/^[^:]+: /, "")}`,
    ]);
  });
  guide.addRow([]);
  heading("template.guide.classifications");
  for (const classification of Object.values(Classification))
    guide.addRow([
      classification,
      "",
      "",
      ...bilingual(`template.classification.${classification}`),
    ]);
  guide.addRow([]);
  const [rowsVi, rowsEn] = bilingual("template.guide.rows", {
    rows: LAST_TEMPLATE_ROW - 1,
    sheet: LIST_SHEET,
  });
  guide.addRow([rowsVi]);
  guide.addRow([rowsEn]);
  guide.eachRow((row) => (row.alignment = { wrapText: true, vertical: "top" }));
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** The import template as CSV (UTF-8 with a byte-order mark, so spreadsheet programs show the diacritics). */
export function csvTemplate(): Buffer {
  const header = TEMPLATE_COLUMNS.map((c) =>
    /[",;\n]/.test(c.header) ? `"${c.header.replace(/"/g, '""')}"` : c.header,
  ).join(",");
  return Buffer.from(`\uFEFF${header}\r\n`, "utf8");
}
