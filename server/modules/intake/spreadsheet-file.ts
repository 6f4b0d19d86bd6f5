import { parse as parseCsv } from "csv-parse/sync";
import ExcelJS from "exceljs";
import JSZip from "jszip";
import { badInput } from "../../shared/errors";
import type { MessageParams } from "../../shared/i18n";
import { foldVietnamese } from "../../shared/text-folding";
import { LIST_SHEET, type CellValue } from "./intake-columns";

/** Data rows one import takes: a ward's list is a few thousand members; larger files are split by ward or village. */
export const MAX_DATA_ROWS = 10_000;
/** Unpacked size of a workbook's parts: a full list of ten thousand rows takes about 20 MB. */
const MAX_UNPACKED_BYTES = 64 * 1024 * 1024;
/** Bytes one import takes. */
export const MAX_FILE_BYTES = 10 * 1024 * 1024;

/** A data row: its number in the file (the header is row 1) and its cells by header. */
export interface SheetRow {
  row: number;
  cells: Map<string, CellValue>;
}

export interface SheetContent {
  headers: string[];
  rows: SheetRow[];
}

const fileError = (messageKey: string, params?: MessageParams) =>
  badInput(messageKey, params, { argument: "file" });
/** The refusal of a file over MAX_FILE_BYTES, read whole (the command line) or cut short by the upload's limit. */
export const fileTooLarge = () =>
  fileError("error.file.tooLarge", {
    megabytes: MAX_FILE_BYTES / 1024 / 1024,
    bytes: MAX_FILE_BYTES,
  });
const ZIP = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
const OLE = Buffer.from([0xd0, 0xcf, 0x11, 0xe0]);

/**
 * The header and data rows of an XLSX (sheet `sheetName`, by default the review list's LIST_SHEET)
 * or CSV (UTF-8, comma or semicolon) file. Throws BAD_USER_INPUT saying what is wrong with a file
 * that is empty, too large, not a spreadsheet, an old .xls, without the sheet, with formulas or merged cells, or over
 * MAX_DATA_ROWS rows. Blank rows are skipped.
 */
export async function readSpreadsheet(
  fileName: string,
  bytes: Buffer,
  sheetName = LIST_SHEET,
): Promise<SheetContent> {
  if (bytes.length === 0) throw fileError("error.file.empty");
  if (bytes.length > MAX_FILE_BYTES) throw fileTooLarge();
  if (bytes.subarray(0, 4).equals(OLE)) throw fileError("error.file.oldXls");
  const content = bytes.subarray(0, 4).equals(ZIP)
    ? await readXlsx(bytes, sheetName)
    : /\.xlsx$/i.test(fileName)
      ? notReadable()
      : readCsv(bytes);
  if (content.rows.length === 0) throw fileError("error.file.noDataRows");
  return content;
}

function notReadable(): never {
  throw fileError("error.file.unreadableXlsx");
}

async function readXlsx(bytes: Buffer, sheetName: string): Promise<SheetContent> {
  await refuseOversizedWorkbook(bytes);
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch {
    notReadable();
  }
  const sheet = sheetOf(
    workbook.worksheets.map((w) => w.name),
    (name) => workbook.getWorksheet(name)!,
    sheetName,
  );
  if (sheet.actualRowCount > MAX_DATA_ROWS + 1) throw tooManyRows();
  const merges: string[] = (sheet.model as { merges?: string[] }).merges ?? [];
  if (merges.length > 0)
    throw fileError("error.file.mergedCells", { cells: merges.slice(0, 5).join(", ") });
  const formulas: string[] = [];
  const grid: { row: number; values: CellValue[] }[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const values: CellValue[] = [];
    row.eachCell({ includeEmpty: true }, (cell, column) => {
      const value = cell.value as unknown;
      if (value && typeof value === "object" && ("formula" in value || "sharedFormula" in value))
        formulas.push(cell.address);
      values[column - 1] = cellText(value);
    });
    grid.push({ row: rowNumber, values });
  });
  if (formulas.length > 0)
    throw fileError("error.file.formulas", {
      cells: `${formulas.slice(0, 5).join(", ")}${formulas.length > 5 ? ", …" : ""}`,
    });
  return toContent(grid);
}

/**
 * Unpacks every part of the workbook as a stream, counting bytes, before exceljs loads it whole: a
 * small file that unpacks to gigabytes is refused without filling memory or disk.
 */
async function refuseOversizedWorkbook(bytes: Buffer): Promise<void> {
  let zip: JSZip;
  try {
    zip = await JSZip.loadAsync(bytes);
  } catch {
    notReadable();
  }
  let unpacked = 0;
  for (const entry of Object.values(zip.files).filter((f) => !f.dir)) {
    await new Promise<void>((resolve, reject) => {
      const stream = entry.nodeStream("nodebuffer");
      stream.on("data", (chunk: Buffer) => {
        unpacked += chunk.length;
        if (unpacked > MAX_UNPACKED_BYTES) {
          stream.pause();
          reject(
            fileError("error.file.unpacksTooLarge", {
              megabytes: MAX_UNPACKED_BYTES / 1024 / 1024,
              rows: MAX_DATA_ROWS,
            }),
          );
        }
      });
      stream.on("end", resolve);
      stream.on("error", () => reject(fileError("error.file.unreadableXlsx")));
    });
  }
}

function readCsv(bytes: Buffer): SheetContent {
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes).replace(/^\uFEFF/, "");
  } catch {
    throw fileError("error.file.notSpreadsheetOrCsv");
  }
  if (text.includes("\u0000")) throw fileError("error.file.binary");
  const headerLine = text.slice(0, text.search(/\r?\n|$/));
  const delimiter =
    (headerLine.match(/;/g)?.length ?? 0) > (headerLine.match(/,/g)?.length ?? 0) ? ";" : ",";
  let records: string[][];
  try {
    records = parseCsv(text, {
      delimiter,
      relax_column_count: true,
      skip_empty_lines: false,
      bom: true,
      to_line: MAX_DATA_ROWS + 2,
    });
  } catch (e) {
    throw fileError("error.file.badCsv", { detail: (e as Error).message });
  }
  if (records.length > MAX_DATA_ROWS + 1) throw tooManyRows();
  return toContent(records.map((values, i) => ({ row: i + 1, values })));
}

const tooManyRows = () => fileError("error.file.tooManyRows", { rows: MAX_DATA_ROWS });

function sheetOf<T>(names: string[], get: (name: string) => T, sheetName: string): T {
  const name = names.find((n) => foldVietnamese(n) === foldVietnamese(sheetName));
  if (!name)
    throw fileError("error.file.noSheet", {
      sheet: sheetName,
      sheets: names.map((n) => `"${n}"`).join(", ") || "–",
    });
  return get(name);
}

/** Header row and non-blank data rows, with cells keyed by header. */
function toContent(grid: { row: number; values: CellValue[] }[]): SheetContent {
  const nonBlank = grid.filter((r) =>
    r.values.some((v) => v !== undefined && String(v).trim() !== ""),
  );
  if (nonBlank.length === 0) throw fileError("error.file.noRows");
  const [header, ...data] = nonBlank;
  const headers = Array.from(header.values, (v) => (v === undefined ? "" : String(v).trim()));
  return {
    headers,
    rows: data.map(({ row, values }) => ({
      row,
      cells: new Map(
        headers
          .map((h, i) => [h, values[i]] as [string, CellValue])
          .filter(([h, v]) => h !== "" && v !== undefined && String(v).trim() !== ""),
      ),
    })),
  };
}

/** A cell's value as text or number; rich text, hyperlinks and dates become their text. */
function cellText(value: unknown): CellValue {
  if (value === null || value === undefined) return "";
  if (typeof value === "number" || typeof value === "string") return value;
  if (typeof value === "boolean") return value ? "x" : "";
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  const v = value as {
    richText?: { text: string }[];
    text?: string;
    result?: unknown;
    error?: string;
  };
  if (v.richText) return v.richText.map((r) => r.text).join("");
  if (v.text !== undefined) return String(v.text);
  if (v.error !== undefined) return String(v.error);
  return String(value);
}
