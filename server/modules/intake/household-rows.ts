import { badInput } from "../../shared/errors";
import { foldVietnamese } from "../../shared/text-folding";
import {
  Area,
  Classification,
  DeprivationIndicator,
  PovertyCause,
  RelationToHead,
  type MemberValues,
} from "../households";
import {
  DEPRIVATION_COLUMNS,
  INTAKE_COLUMNS,
  TEMPLATE_COLUMNS,
  type CellValue,
  type IntakeColumn,
  type Reason,
} from "./intake-columns";
import type { SheetContent, SheetRow } from "./spreadsheet-file";

/** What is wrong with one cell: row number in the file, the column's header, the value as written, and why. */
export interface RowIssue {
  row: number;
  column: string;
  value: string;
  reason: Reason;
}

/** A member as read from the file, with the row they were read from. */
export interface ParsedMember extends MemberValues {
  row: number;
}

export interface ParsedHousehold {
  code: string;
  /** The row the household's fields were read from. */
  row: number;
  address: string;
  /** Null: take the ward's. */
  area: Area | null;
  classification: Classification;
  incomePerPersonMonthly: number | null;
  incomeScore: number | null;
  deprivations: DeprivationIndicator[];
  povertyCauses: PovertyCause[];
  /** Head first, then in the file's order. */
  members: ParsedMember[];
}

const HOUSEHOLD_COLUMNS = TEMPLATE_COLUMNS.filter((c) => c.level === "household");
const MEMBER_COLUMNS = TEMPLATE_COLUMNS.filter(
  (c) => c.level === "member" && c !== INTAKE_COLUMNS.householdCode,
);

/**
 * The households of a list: rows grouped by household code, household fields from each
 * household's first row (later rows may repeat them, never contradict them), a member per row.
 * Every bad cell becomes an issue; a household with any issue is left out of `households`.
 * Throws BAD_USER_INPUT when the header is not the template's.
 */
export function householdsOf(content: SheetContent): {
  households: ParsedHousehold[];
  householdCount: number;
  issues: RowIssue[];
} {
  const columnOf = headerMap(content.headers);
  const issues: RowIssue[] = [];
  const groups = new Map<string, SheetRow[]>();
  for (const row of content.rows) {
    const code = parseCell(row, INTAKE_COLUMNS.householdCode, columnOf, issues) as
      string | undefined;
    if (code !== undefined) groups.set(code, [...(groups.get(code) ?? []), row]);
  }
  const households: ParsedHousehold[] = [];
  const idNumberRow = new Map<string, number>();
  for (const [code, rows] of groups) {
    const before = issues.length;
    const fields = householdFields(rows, columnOf, issues);
    const members = rows
      .map((row) => memberOf(row, columnOf, issues))
      .filter((m): m is ParsedMember => m !== null);
    for (const m of members) {
      if (!m.nationalIdNumber) continue;
      const earlier = idNumberRow.get(m.nationalIdNumber);
      if (earlier !== undefined)
        issues.push(
          issue(m.row, INTAKE_COLUMNS.nationalIdNumber, m.nationalIdNumber, {
            key: "intake.issue.sameIdNumber",
            params: { row: earlier },
          }),
        );
      else idNumberRow.set(m.nationalIdNumber, m.row);
    }
    const headRows = rows
      .filter((row) => isHead(cellOf(row, INTAKE_COLUMNS.relationToHead, columnOf)))
      .map((row) => row.row);
    if (headRows.length !== 1) {
      const reason: Reason =
        headRows.length === 0
          ? { key: "intake.issue.noHead" }
          : {
              key: "intake.issue.manyHeads",
              params: { count: headRows.length, rows: headRows.join(", ") },
            };
      issues.push(issue(rows[0].row, INTAKE_COLUMNS.relationToHead, "", reason));
    }
    const heads = members.filter((m) => m.relationToHead === RelationToHead.HEAD);
    if (issues.length === before && fields)
      households.push({
        code,
        row: rows[0].row,
        ...fields,
        members: [...heads, ...members.filter((m) => !heads.includes(m))],
      });
  }
  return { households, householdCount: groups.size, issues: issues.sort((a, b) => a.row - b.row) };
}

/** Column index of the template's columns by header (case and diacritics ignored); throws on unknown, missing or repeated headers. */
function headerMap(headers: string[]): Map<IntakeColumn, string> {
  const byFolded = new Map(TEMPLATE_COLUMNS.map((c) => [foldVietnamese(c.header), c]));
  const found = new Map<IntakeColumn, string>();
  const unknown: string[] = [];
  for (const header of headers.filter((h) => h !== "")) {
    const column = byFolded.get(foldVietnamese(header));
    if (!column) unknown.push(header);
    else if (found.has(column))
      throw badInput("error.file.columnTwice", { column: column.header }, { argument: "file" });
    else found.set(column, header);
  }
  if (unknown.length > 0)
    throw badInput(
      "error.file.unknownColumns",
      { columns: unknown.map((h) => `"${h.slice(0, 60)}"`).join(", ") },
      { argument: "file" },
    );
  const missing = TEMPLATE_COLUMNS.filter((c) => c.required && !found.has(c));
  if (missing.length > 0)
    throw badInput(
      "error.file.missingColumns",
      { columns: missing.map((c) => `"${c.header}"`).join(", ") },
      { argument: "file" },
    );
  return found;
}

function householdFields(
  rows: SheetRow[],
  columnOf: Map<IntakeColumn, string>,
  issues: RowIssue[],
): Omit<ParsedHousehold, "code" | "row" | "members"> | null {
  const [first, ...rest] = rows;
  const before = issues.length;
  const value = (column: IntakeColumn) => parseCell(first, column, columnOf, issues);
  const fields = {
    address: value(INTAKE_COLUMNS.address) as string,
    area: (value(INTAKE_COLUMNS.area) as Area | undefined) ?? null,
    classification: value(INTAKE_COLUMNS.classification) as Classification,
    incomePerPersonMonthly:
      (value(INTAKE_COLUMNS.incomePerPersonMonthly) as number | undefined) ?? null,
    incomeScore: (value(INTAKE_COLUMNS.incomeScore) as number | undefined) ?? null,
    deprivations: DEPRIVATION_COLUMNS.filter(([, column]) => value(column) === true).map(
      ([indicator]) => indicator,
    ),
    povertyCauses: (value(INTAKE_COLUMNS.povertyCauses) as PovertyCause[] | undefined) ?? [],
  };
  for (const row of rest) {
    for (const column of HOUSEHOLD_COLUMNS) {
      const raw = cellOf(row, column, columnOf);
      if (raw === undefined) continue;
      const parsed = column.parse(raw);
      const firstRaw = cellOf(first, column, columnOf);
      const onFirst = firstRaw === undefined ? undefined : column.parse(firstRaw);
      const same =
        "value" in parsed &&
        onFirst !== undefined &&
        "value" in onFirst &&
        JSON.stringify(parsed.value) === JSON.stringify(onFirst.value);
      if (!same)
        issues.push(
          issue(row.row, column, raw, {
            key: "intake.issue.differsFromFirstRow",
            params: { row: first.row },
          }),
        );
    }
  }
  return issues.length === before ? fields : null;
}

function memberOf(
  row: SheetRow,
  columnOf: Map<IntakeColumn, string>,
  issues: RowIssue[],
): ParsedMember | null {
  const before = issues.length;
  const value = (column: IntakeColumn) => parseCell(row, column, columnOf, issues);
  const member = Object.fromEntries(MEMBER_COLUMNS.map((c) => [c.key, value(c)])) as Record<
    string,
    unknown
  >;
  if (issues.length > before) return null;
  return {
    ...(member as Omit<ParsedMember, "row" | "nationalIdNumber" | "attendingSchool">),
    row: row.row,
    nationalIdNumber: (member.nationalIdNumber as string | undefined) ?? null,
    attendingSchool: (member.attendingSchool as boolean | undefined) ?? false,
  };
}

function isHead(cell: CellValue | undefined): boolean {
  if (cell === undefined) return false;
  const parsed = INTAKE_COLUMNS.relationToHead.parse(cell);
  return "value" in parsed && parsed.value === RelationToHead.HEAD;
}

function cellOf(
  row: SheetRow,
  column: IntakeColumn,
  columnOf: Map<IntakeColumn, string>,
): CellValue | undefined {
  const header = columnOf.get(column);
  return header === undefined ? undefined : row.cells.get(header);
}

/** The cell's value, or undefined when it is blank (an issue if required) or bad (an issue). */
function parseCell(
  row: SheetRow,
  column: IntakeColumn,
  columnOf: Map<IntakeColumn, string>,
  issues: RowIssue[],
): unknown {
  const raw = cellOf(row, column, columnOf);
  if (raw === undefined) {
    if (column.required)
      issues.push(
        issue(row.row, column, "", {
          key:
            column.level === "household"
              ? "intake.issue.requiredOnFirstRow"
              : "intake.issue.required",
        }),
      );
    return undefined;
  }
  const parsed = column.parse(raw);
  if ("error" in parsed) {
    issues.push(issue(row.row, column, raw, parsed.error));
    return undefined;
  }
  return parsed.value;
}

const issue = (row: number, column: IntakeColumn, value: CellValue, reason: Reason): RowIssue => ({
  row,
  column: column.header,
  value: String(value).slice(0, 100),
  reason,
});
