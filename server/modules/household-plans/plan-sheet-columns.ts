import { translate } from "../../shared/i18n";
import { foldVietnamese } from "../../shared/text-folding";
import type { CellValue, Reason, RowIssue, SheetContent } from "../intake";
import { NotExpectedReason, PlanStatus } from "./household-plan.entity";
import type { PlanFieldsInput } from "./household-plan.inputs";

/** The plan sheet's name, as wards keep it. */
export const PLAN_SHEET = "Kế hoạch hộ";

/** The sheet's columns (Vietnamese headers). Those marked `exportOnly` are shown for reference and ignored on import. */
export const PLAN_COLUMNS = {
  code: { header: "Mã hộ", note: "Household code on the ward's list. Required." },
  head: {
    header: "Chủ hộ",
    note: "Head of household (for reference; not imported).",
    exportOnly: true,
  },
  classification: {
    header: "Phân loại hộ",
    note: "Poor / near-poor on the lists (for reference; not imported).",
    exportOnly: true,
  },
  status: {
    header: "Tình trạng",
    note: "Đăng ký thoát nghèo (registered) / Dự kiến thoát nghèo (expected) / Không dự kiến thoát nghèo (not expected). Required.",
  },
  targetYear: { header: "Năm dự kiến thoát nghèo", note: "2024 or 2025; empty when not expected." },
  reason: {
    header: "Lý do không dự kiến thoát nghèo",
    note: "When not expected: Không có người trong độ tuổi lao động / Ốm đau dài ngày / Khuyết tật / Người cao tuổi sống một mình / Đối tượng bảo trợ khác.",
  },
  productionModel: {
    header: "Mô hình, dự án sản xuất tham gia",
    note: "The community production model or project the household joins.",
  },
  mentorNames: {
    header: "Cán bộ theo dõi, giúp đỡ",
    note: "Officials who follow the household; several separated by ';'.",
  },
  mentorUsers: { header: "Tài khoản cán bộ", note: "Each official's user id, in the same order." },
  mentorAgencies: {
    header: "Cơ quan của cán bộ",
    note: "Each official's agency code, in the same order; empty for an official of the ward.",
  },
  signedOn: {
    header: "Ngày hộ ký cam kết",
    note: "Date the household signed (dd/mm/yyyy or yyyy-mm-dd).",
  },
  approvedOn: { header: "Ngày Chủ tịch UBND phê duyệt", note: "Date the ward chair approved." },
  version: {
    header: "Phiên bản",
    note: "The plan's version when exported; a plan changed since is refused. Empty for a new plan.",
  },
  measures: {
    header: "Biện pháp hỗ trợ (nhiệm vụ)",
    note: "The household's tasks: measure and status (for reference; not imported).",
    exportOnly: true,
  },
  risks: {
    header: "Rủi ro",
    note: "Why the plan is at risk (for reference; not imported).",
    exportOnly: true,
  },
} as const;
export type PlanColumn = keyof typeof PLAN_COLUMNS;

/** The status column's words: the catalogue's, which refusals naming a plan status use too. */
export const STATUS_WORDS = Object.fromEntries(
  Object.values(PlanStatus).map((status) => [status, translate("vi", `planStatus.${status}`)]),
) as Record<PlanStatus, string>;
export const REASON_WORDS: Record<NotExpectedReason, string> = {
  [NotExpectedReason.NO_WORKING_AGE_MEMBER]: "Không có người trong độ tuổi lao động",
  [NotExpectedReason.LONG_ILLNESS]: "Ốm đau dài ngày",
  [NotExpectedReason.DISABILITY]: "Khuyết tật",
  [NotExpectedReason.ELDERLY_ALONE]: "Người cao tuổi sống một mình",
  [NotExpectedReason.OTHER_PROTECTED]: "Đối tượng bảo trợ khác",
};

/** A cell the import cannot take: the issue as the review intake reports it. */
export type PlanRowIssue = RowIssue;

export interface PlanRow {
  row: number;
  code: string;
  version: number | null;
  fields: PlanFieldsInput;
}

/** An issue per importable column the header lacks. */
export function missingColumns(content: SheetContent): PlanRowIssue[] {
  const present = new Set(content.headers.map(foldVietnamese));
  return (Object.keys(PLAN_COLUMNS) as PlanColumn[])
    .filter(
      (k) =>
        !("exportOnly" in PLAN_COLUMNS[k]) && !present.has(foldVietnamese(PLAN_COLUMNS[k].header)),
    )
    .map((k) => ({
      row: 1,
      column: PLAN_COLUMNS[k].header,
      value: "",
      reason: { key: "plan.issue.missingColumn" },
    }));
}

/** The rows of the sheet as plan fields, and what is wrong with their cells (mentor wards are the household's: see HouseholdPlanService). */
export function planRowsOf(
  content: SheetContent,
  wardCode: string,
): { rows: PlanRow[]; issues: PlanRowIssue[] } {
  const issues: PlanRowIssue[] = [];
  const byFolded = new Map(content.headers.map((h) => [foldVietnamese(h), h]));
  const rows: PlanRow[] = [];
  for (const { row, cells } of content.rows) {
    const cell = (k: PlanColumn) => {
      const v = cells.get(byFolded.get(foldVietnamese(PLAN_COLUMNS[k].header)) ?? "");
      return v === undefined ? "" : String(v).trim();
    };
    const issue = (k: PlanColumn, reason: Reason) =>
      issues.push({ row, column: PLAN_COLUMNS[k].header, value: cell(k), reason });
    const before = issues.length;
    const code = cell("code").toUpperCase();
    if (!code) issue("code", { key: "plan.issue.codeRequired" });
    const status = wordOf(STATUS_WORDS, cell("status"));
    if (!status)
      issue("status", {
        key: "plan.issue.oneOf",
        params: { words: Object.values(STATUS_WORDS).join(" / ") },
      });
    const reason = cell("reason") ? wordOf(REASON_WORDS, cell("reason")) : null;
    if (reason === undefined)
      issue("reason", {
        key: "plan.issue.oneOf",
        params: { words: Object.values(REASON_WORDS).join(" / ") },
      });
    const targetYear = cell("targetYear") ? Number(cell("targetYear")) : null;
    if (targetYear !== null && !Number.isInteger(targetYear))
      issue("targetYear", { key: "plan.issue.year" });
    const version = cell("version") ? Number(cell("version")) : null;
    if (version !== null && !(Number.isInteger(version) && version >= 1))
      issue("version", { key: "plan.issue.version" });
    const [signedOn, approvedOn] = (["signedOn", "approvedOn"] as const).map((k) => {
      const date = isoDate(cell(k));
      if (date === undefined) issue(k, { key: "plan.issue.date" });
      return date ?? null;
    });
    const names = list(cell("mentorNames"));
    const users = list(cell("mentorUsers"));
    const agencies = list(cell("mentorAgencies"));
    if (names.length !== users.length)
      issue("mentorUsers", {
        key: "plan.issue.mentorUsers",
        params: { names: names.length, users: users.length },
      });
    if (agencies.length > names.length)
      issue("mentorAgencies", { key: "plan.issue.mentorAgencies" });
    if (issues.length > before) continue;
    rows.push({
      row,
      code,
      version,
      fields: {
        status: status!,
        notExpectedReason: reason,
        targetYear,
        productionModel: cell("productionModel") || null,
        mentors: names.map((name, i) => ({
          name,
          userId: users[i],
          wardCode: agencies[i] ? null : wardCode,
          agencyCode: agencies[i] || null,
        })),
        commitmentSignedOn: signedOn,
        chairApprovedOn: approvedOn,
      },
    });
  }
  return { rows, issues };
}

/** The value whose word the cell holds (case and diacritics ignored), or undefined. */
function wordOf<T extends string>(words: Record<T, string>, cell: string): T | undefined {
  const folded = foldVietnamese(cell);
  return (Object.keys(words) as T[]).find(
    (k) => foldVietnamese(words[k]) === folded || foldVietnamese(k.replace(/_/g, " ")) === folded,
  );
}

const list = (cell: string) => (cell ? cell.split(";").map((s) => s.trim()) : []);

/** yyyy-mm-dd from dd/mm/yyyy or yyyy-mm-dd; null for an empty cell, undefined for anything else. */
function isoDate(cell: CellValue): string | null | undefined {
  const text = String(cell);
  if (!text) return null;
  const vn = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text);
  const iso = vn ? `${vn[3]}-${vn[2].padStart(2, "0")}-${vn[1].padStart(2, "0")}` : text;
  return /^\d{4}-\d{2}-\d{2}$/.test(iso) && !Number.isNaN(Date.parse(`${iso}T00:00:00Z`))
    ? iso
    : undefined;
}
