import ExcelJS from "exceljs";
import type { DataSource } from "typeorm";
import { In } from "typeorm";
import { Role, requireScope } from "../../shared/auth";
import { todayIso } from "../../shared/dates";
import { DomainError } from "../../shared/errors";
import { Household } from "../households";
import { importIssue, readSpreadsheet, type Reason } from "../intake";
import type { WardService } from "../wards";
import { PlanEventKind } from "./household-plan-event.entity";
import {
  HouseholdPlan,
  type PlanRiskReason,
  type PlanStatus,
  type NotExpectedReason,
} from "./household-plan.entity";
import type { HouseholdPlanService } from "./household-plan.service";
import { translate, type Language } from "../../shared/i18n";
import {
  PLAN_COLUMNS,
  PLAN_SHEET,
  REASON_WORDS,
  STATUS_WORDS,
  missingColumns,
  planRowsOf,
  type PlanColumn,
  type PlanRowIssue,
} from "./plan-sheet-columns";
import type { PlanImportReport } from "./plan-sheet.types";
import { requirePlanYear } from "./plan-rules";
import type { Actor } from "../../shared/actor";

export interface PlanImportRequest {
  fileName: string;
  bytes: Buffer;
  wardCode: string;
  year: number;
  dryRun: boolean;
}

/** Thrown inside the import's transaction to roll it back and still answer with the report. */
class RollBack {
  constructor(readonly report: PlanImportReport) {}
}

const CLASSIFICATION_WORDS: Record<string, string> = {
  POOR: "Hộ nghèo",
  NEAR_POOR: "Hộ cận nghèo",
};

/** Which column a refused field's argument is in. */
const COLUMN_OF: [RegExp, PlanColumn][] = [
  [/^targetYear$/, "targetYear"],
  [/^notExpectedReason$/, "reason"],
  [/^productionModel$/, "productionModel"],
  [/^mentors/, "mentorNames"],
  [/^commitmentSignedOn$/, "signedOn"],
  [/^chairApprovedOn$/, "approvedOn"],
];

/**
 * A ward's plan sheet, as wards keep plans today: one row per household on the lists, Vietnamese
 * headers. Export it, fill it in, import it back: every row is checked and either all plans are
 * written or none.
 */
export class PlanSheetService {
  constructor(
    private readonly db: DataSource,
    private readonly plans: HouseholdPlanService,
    private readonly wards: WardService,
  ) {}

  /**
   * The ward's plan sheet for the year (XLSX) and the households it names. ADMIN, MONITOR and the
   * ward's officers; throws FORBIDDEN for others, BAD_USER_INPUT for the year or a malformed code,
   * NOT_FOUND for a ward that does not exist today.
   */
  async exportSheet(
    actor: Actor,
    wardCode: string,
    year: number,
  ): Promise<{ fileName: string; bytes: Buffer; householdIds: string[] }> {
    requirePlanYear(year, "year");
    const { viewer } = actor;
    const ward = await this.wards.byCodeOn(actor, this.db.manager, wardCode, todayIso());
    requireScope(
      [Role.ADMIN, Role.MONITOR].includes(viewer.role) ||
        (viewer.role === Role.WARD_OFFICER && viewer.wardId === ward.id),
      "error.scope.planSheetOwnWard",
    );
    const rows: Record<string, unknown>[] = await this.db.query(
      `SELECT h.id, h.code, h.classification, m.full_name AS head, p.status, p.target_year, p.not_expected_reason, p.production_model, p.mentors,
              p.commitment_signed_on::text AS signed_on, p.chair_approved_on::text AS approved_on, p.version, p.risk_reasons,
              (SELECT string_agg(s.code || ' (' || t.status || ')', '; ' ORDER BY t.created_at) FROM task_assignment t JOIN support_measure s ON s.id = t.measure_id
                WHERE t.household_id = h.id) AS measures
         FROM household h
         LEFT JOIN household_member m ON m.household_id = h.id AND m.position = 1
         LEFT JOIN household_plan p ON p.household_id = h.id AND p.year = $2
        WHERE h.ward_id = $1 AND h.classification IN ('POOR', 'NEAR_POOR')
        ORDER BY h.code`,
      [ward.id, year],
    );
    const workbook = new ExcelJS.Workbook();
    workbook.creator = "Quy Nhơn poverty-reduction platform";
    const sheet = workbook.addWorksheet(PLAN_SHEET, {
      views: [{ state: "frozen", ySplit: 1, xSplit: 1 }],
    });
    const keys = Object.keys(PLAN_COLUMNS) as PlanColumn[];
    sheet.columns = keys.map((k) => ({ header: PLAN_COLUMNS[k].header, key: k, width: 22 }));
    sheet.getRow(1).font = { bold: true };
    keys.forEach((k, i) => (sheet.getCell(1, i + 1).note = PLAN_COLUMNS[k].note));
    for (const r of rows) {
      const mentors =
        (r.mentors as { name: string; userId: string; agencyCode: string | null }[] | null) ?? [];
      sheet.addRow({
        code: r.code,
        head: r.head,
        classification: CLASSIFICATION_WORDS[r.classification as string],
        status: r.status ? STATUS_WORDS[r.status as PlanStatus] : null,
        targetYear: r.target_year,
        reason: r.not_expected_reason
          ? REASON_WORDS[r.not_expected_reason as NotExpectedReason]
          : null,
        productionModel: r.production_model,
        mentorNames: mentors.map((m) => m.name).join("; ") || null,
        mentorUsers: mentors.map((m) => m.userId).join("; ") || null,
        mentorAgencies: mentors.some((m) => m.agencyCode)
          ? mentors.map((m) => m.agencyCode ?? "").join("; ")
          : null,
        signedOn: r.signed_on,
        approvedOn: r.approved_on,
        version: r.version,
        measures: r.measures,
        risks: ((r.risk_reasons as PlanRiskReason[] | null) ?? []).join(", ") || null,
      });
    }
    return {
      fileName: `ke-hoach-ho-${ward.code}-${year}.xlsx`,
      bytes: Buffer.from(await workbook.xlsx.writeBuffer()),
      householdIds: rows.map((r) => r.id as string),
    };
  }

  /**
   * Takes a filled plan sheet: a plan per row, new (no version) or a change of the plan of that
   * version. Throws BAD_USER_INPUT for a broken file (as the review intake does), the year or a
   * malformed ward code; NOT_FOUND for the ward; FORBIDDEN for another ward's officer. Bad rows are
   * reported with row, column, value and reason, and nothing is written.
   */
  async importSheet(
    who: Actor & { language?: Language },
    request: PlanImportRequest,
  ): Promise<PlanImportReport> {
    const language = who.language ?? "vi";
    requirePlanYear(request.year, "year");
    const content = await readSpreadsheet(request.fileName, request.bytes, PLAN_SHEET);
    const report: PlanImportReport = {
      dryRun: request.dryRun,
      committed: false,
      message: "",
      rowsRead: content.rows.length,
      plansCreated: 0,
      plansUpdated: 0,
      issueCount: 0,
      issues: [],
    };
    const refuse = (issues: PlanRowIssue[]) =>
      new RollBack({
        ...report,
        issueCount: issues.length,
        issues: issues.map((i) => importIssue(i, language)),
        message: translate(language, "plan.report.problems", { count: issues.length }),
      });
    try {
      return await this.db.transaction(async (tx) => {
        const ward = await this.wards.byCodeOn(who, tx, request.wardCode, todayIso());
        requireScope(
          who.viewer.role === Role.ADMIN || who.viewer.wardId === ward.id,
          "error.scope.planImportOwnWard",
        );
        await tx.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`plans:${ward.id}`]);
        const missing = missingColumns(content);
        if (missing.length > 0) throw refuse(missing);
        const { rows, issues } = planRowsOf(content, ward.code);
        const households = new Map(
          (
            await tx.getRepository(Household).find({
              where: { code: In(rows.map((r) => r.code)) },
              lock: { mode: "pessimistic_write" },
            })
          ).map((h) => [h.code, h]),
        );
        const seen = new Set<string>();
        for (const row of rows) {
          const issue = (column: PlanColumn, reason: Reason, value = row.code) =>
            issues.push({ row: row.row, column: PLAN_COLUMNS[column].header, value, reason });
          const household = households.get(row.code);
          if (seen.has(row.code)) issue("code", { key: "plan.issue.earlierRow" });
          else if (!household || household.wardId !== ward.id)
            issue("code", { key: "plan.issue.unknownHousehold", params: { ward: ward.name } });
          seen.add(row.code);
          if (!household || household.wardId !== ward.id || issues.some((i) => i.row === row.row))
            continue;
          const existing = await tx.getRepository(HouseholdPlan).findOne({
            where: { householdId: household.id, year: request.year },
            lock: { mode: "pessimistic_write" },
          });
          if (existing && row.version !== existing.version) {
            issue(
              "version",
              row.version === null
                ? {
                    key: "plan.issue.hasPlan",
                    params: { year: request.year, version: existing.version },
                  }
                : { key: "plan.issue.changedSinceExport", params: { version: existing.version } },
              String(row.version ?? ""),
            );
            continue;
          }
          try {
            if (existing)
              await this.plans.updateIn(
                who,
                tx,
                existing,
                household,
                row.fields,
                PlanEventKind.IMPORTED,
              );
            else
              await this.plans.createIn(
                who,
                tx,
                household,
                request.year,
                row.fields,
                PlanEventKind.IMPORTED,
              );
            if (existing) report.plansUpdated++;
            else report.plansCreated++;
          } catch (e) {
            if (!(e instanceof DomainError) || !["BAD_USER_INPUT", "CONFLICT"].includes(e.code))
              throw e;
            const column =
              COLUMN_OF.find(([pattern]) => pattern.test(String(e.details.argument ?? "")))?.[1] ??
              "code";
            issue(column, { key: e.messageKey, params: e.messageParams }, "");
          }
        }
        if (issues.length > 0) throw refuse(issues.sort((a, b) => a.row - b.row));
        if (request.dryRun)
          throw new RollBack({ ...report, message: translate(language, "plan.report.dryRun") });
        return {
          ...report,
          committed: true,
          message: translate(language, "plan.report.imported", {
            count: rows.length,
            ward: ward.name,
            year: request.year,
          }),
        };
      });
    } catch (e) {
      if (e instanceof RollBack) return e.report;
      throw e;
    }
  }
}
