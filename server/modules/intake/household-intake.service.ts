import { createHash } from "node:crypto";
import type { DataSource, EntityManager } from "typeorm";
import { In } from "typeorm";
import { Role, requireScope } from "../../shared/auth";
import { todayIso } from "../../shared/dates";
import { translate, type Language } from "../../shared/i18n";
import {
  Area,
  Household,
  HouseholdMember,
  upsertFromIntake,
  type HouseholdValues,
} from "../households";
import { reviewPeriodOf, type Review, type ReviewService } from "../reviews";
import type { RoutingService } from "../routing";
import { WARD_MAP_LOCK } from "../ward-changes";
import { Ward, WardKind, type WardService } from "../wards";
import { householdsOf, type ParsedHousehold, type RowIssue } from "./household-rows";
import { importIssue, type ImportReport } from "./intake.types";
import { likelyDuplicates } from "./likely-duplicates";
import { readSpreadsheet } from "./spreadsheet-file";
import type { Actor } from "../../shared/actor";

const MAX_LISTED_ISSUES = 500;

export interface ImportRequest {
  fileName: string;
  bytes: Buffer;
  /** The ward's code as it was during the review. */
  wardCode: string;
  /** YYYY-PERIODIC or YYYY-MM-REGULAR. */
  reviewCode: string;
  dryRun: boolean;
  /** File household codes a person decided are not duplicates of the households they resemble. */
  distinctHouseholdCodes: string[];
}

/** Thrown inside the import's transaction to roll it back and still answer with the report. */
class RollBack {
  constructor(readonly report: ImportReport) {}
}

/**
 * Takes a ward's review list from a spreadsheet: checks every row, reports likely duplicates, and —
 * unless it is a dry run or anything is wrong — writes the households, their members and their
 * review results and re-routes the changed ones, all in one transaction.
 */
export class HouseholdIntakeService {
  constructor(
    private readonly db: DataSource,
    private readonly wards: WardService,
    private readonly reviews: ReviewService,
    private readonly routing: RoutingService,
  ) {}

  /**
   * Throws BAD_USER_INPUT for a broken file, a header that is not the template's or a malformed
   * ward or review code; NOT_FOUND when no ward had the code during the review; FORBIDDEN for a ward
   * officer importing into another ward. Bad rows and unsettled likely duplicates are reported
   * (`committed: false`), never partly written.
   */
  async importList(
    who: Actor & { language?: Language },
    requested: ImportRequest,
  ): Promise<ImportReport> {
    const language = who.language ?? "vi";
    const request = { ...requested, reviewCode: reviewPeriodOf(requested.reviewCode).code };
    const content = await readSpreadsheet(request.fileName, request.bytes);
    const { households, householdCount, issues } = householdsOf(content);
    try {
      return await this.db.transaction(async (tx) => {
        const review = await this.reviews.byCode(who, tx, request.reviewCode);
        const reviewWard = await this.wards.byCodeOn(who, tx, request.wardCode, review.endsOn);
        const ward = await this.wards.carrying(who, tx, reviewWard.id, todayIso());
        requireScope(
          who.viewer.role === Role.ADMIN || who.viewer.wardId === ward.id,
          "error.scope.importOwnWard",
        );
        // One import per ward at a time (two village files may list the same new household), and none while the ward map changes.
        await tx.query(
          `SELECT pg_advisory_xact_lock_shared($1), pg_advisory_xact_lock(hashtext($2))`,
          [WARD_MAP_LOCK, `intake:${ward.id}`],
        );

        const stored = await tx.getRepository(Household).find({
          where: { code: In(households.map((h) => h.code)) },
          lock: { mode: "pessimistic_write" },
        });
        const storedByCode = new Map(stored.map((h) => [h.code, h]));
        issues.push(...(await this.conflicts(who, tx, review, ward, households, storedByCode)));
        const distinct = new Set(request.distinctHouseholdCodes.map((c) => c.trim().toUpperCase()));
        const duplicates = await likelyDuplicates(
          tx,
          ward.id,
          households,
          distinct,
          who.viewer.role === Role.ADMIN,
        );
        const report = this.reportOf(
          request,
          language,
          content.rows.length,
          householdCount,
          issues,
          duplicates,
        );
        if (issues.length > 0)
          throw new RollBack({
            ...report,
            message: translate(language, "intake.report.problems", { count: issues.length }),
          });
        const unsettled = duplicates.filter((d) => !d.settled);
        if (unsettled.length > 0 && !request.dryRun) {
          throw new RollBack({
            ...report,
            message: translate(language, "intake.report.duplicates", { count: unsettled.length }),
          });
        }
        const written = await this.write(
          tx,
          who,
          review,
          reviewWard,
          ward,
          households,
          storedByCode,
          request,
        );
        Object.assign(report, written);
        if (request.dryRun) {
          throw new RollBack({
            ...report,
            message: translate(language, "intake.report.dryRun", { duplicates: unsettled.length }),
          });
        }
        return {
          ...report,
          committed: true,
          message: translate(language, "intake.report.imported", {
            count: households.length,
            ward: ward.name,
            review: review.code,
          }),
        };
      });
    } catch (e) {
      if (e instanceof RollBack) return e.report;
      throw e;
    }
  }

  /** Households of the file that belong to another ward, or already have a result of a later review. */
  private async conflicts(
    who: Actor,
    tx: EntityManager,
    review: Review,
    ward: Ward,
    households: ParsedHousehold[],
    stored: Map<string, Household>,
  ): Promise<RowIssue[]> {
    const issues: RowIssue[] = [];
    const otherWard = households.filter(
      (h) => stored.has(h.code) && stored.get(h.code)!.wardId !== ward.id,
    );
    const wardNames = new Map(
      (
        await tx
          .getRepository(Ward)
          .findBy({ id: In(otherWard.map((h) => stored.get(h.code)!.wardId)) })
      ).map((w) => [w.id, `${w.name} (${w.code})`]),
    );
    for (const h of otherWard) {
      issues.push({
        row: h.row,
        column: "Mã hộ",
        value: h.code,
        reason: {
          key: "intake.issue.codeOfOtherWard",
          params: { ward: wardNames.get(stored.get(h.code)!.wardId) ?? "" },
        },
      });
    }
    const later = await this.reviews.laterReviewOf(
      who,
      tx,
      review,
      [...stored.values()].map((h) => h.id),
    );
    for (const h of households) {
      const code = stored.has(h.code) ? later.get(stored.get(h.code)!.id) : undefined;
      if (code)
        issues.push({
          row: h.row,
          column: "Mã hộ",
          value: h.code,
          reason: { key: "intake.issue.laterReview", params: { review: code } },
        });
    }
    return issues;
  }

  private async write(
    tx: EntityManager,
    who: Actor,
    review: Review,
    reviewWard: Ward,
    ward: Ward,
    parsed: ParsedHousehold[],
    stored: Map<string, Household>,
    request: ImportRequest,
  ) {
    const members = await tx.getRepository(HouseholdMember).find({
      where: { householdId: In([...stored.values()].map((h) => h.id)) },
      order: { householdId: "ASC", position: "ASC" },
    });
    const intake: IntakeHousehold[] = parsed.map((p) => ({
      parsed: p,
      stored: stored.get(p.code) ?? null,
      area: p.area ?? (reviewWard.kind === WardKind.XA ? Area.RURAL : Area.URBAN),
    }));
    const created = intake.filter((h) => !h.stored);
    const reassessed = intake.filter((h) => h.stored && assessmentChanged(h));
    const membersChanged = intake.filter((h) => h.stored && membersDiffer(h, members));
    const updated = intake.filter((h) => reassessed.includes(h) || membersChanged.includes(h));
    const unchanged = intake.filter((h) => h.stored && !updated.includes(h));

    const { inserted, rewritten } = await upsertFromIntake(who, tx, {
      wardId: ward.id,
      reviewId: review.id,
      created: created.map(valuesOf),
      updated: updated.map(valuesOf),
      membersChanged: new Set(membersChanged.map((h) => h.parsed.code)),
      unchangedIds: unchanged.map((h) => h.stored!.id),
    });
    const all = [...inserted, ...rewritten, ...unchanged.map((h) => h.stored!)];
    await this.reviews.recordResults(
      who,
      tx,
      review,
      all.map((h) => ({
        householdId: h.id,
        wardId: reviewWard.id,
        classification: h.classification,
        area: h.area,
        incomePerPersonMonthly: h.incomePerPersonMonthly,
        incomeScore: h.incomeScore,
        deprivations: h.deprivations,
        povertyCauses: h.povertyCauses,
      })),
    );
    const after = new Map(rewritten.map((h) => [h.code, h]));
    const rerouted = await this.routing.reroute(who, tx, [
      ...inserted.map((h) => ({ before: null, after: h })),
      ...reassessed.map((h) => ({ before: h.stored!, after: after.get(h.parsed.code)! })),
    ]);
    const [{ id: importId }] = await tx.query(
      `INSERT INTO household_import (ward_id, review_id, file_name, file_sha256, imported_by, rows_read, households_created, households_updated, households_unchanged)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
      [
        reviewWard.id,
        review.id,
        request.fileName.slice(0, 255),
        createHash("sha256").update(request.bytes).digest("hex"),
        who.name,
        parsed.reduce((n, h) => n + h.members.length, 0),
        created.length,
        updated.length,
        unchanged.length,
      ],
    );
    return {
      importId: request.dryRun ? null : (importId as string),
      householdsCreated: created.length,
      householdsUpdated: updated.length,
      householdsUnchanged: unchanged.length,
      tasksRouted: rerouted.routing.createdCount,
      tasksNeedGone: rerouted.needGone.length,
      tasksNeedReturned: rerouted.needReturned.length,
    };
  }

  private reportOf(
    request: ImportRequest,
    language: Language,
    rowsRead: number,
    householdsInFile: number,
    issues: RowIssue[],
    duplicates: ImportReport["likelyDuplicates"],
  ): ImportReport {
    const sorted = issues.sort((a, b) => a.row - b.row);
    return {
      dryRun: request.dryRun,
      committed: false,
      message: "",
      importId: null,
      fileName: request.fileName,
      wardCode: request.wardCode,
      reviewCode: request.reviewCode,
      rowsRead,
      householdsInFile,
      householdsCreated: 0,
      householdsUpdated: 0,
      householdsUnchanged: 0,
      issueCount: sorted.length,
      issues: sorted.slice(0, MAX_LISTED_ISSUES).map((i) => importIssue(i, language)),
      likelyDuplicates: duplicates,
      tasksRouted: 0,
      tasksNeedGone: 0,
      tasksNeedReturned: 0,
    };
  }
}

/** A household of the file with the fields it is stored with. */
interface IntakeHousehold {
  parsed: ParsedHousehold;
  area: Household["area"];
  /** The stored household it updates, locked; null for a new one. */
  stored: Household | null;
}

const valuesOf = ({ parsed, area }: IntakeHousehold): HouseholdValues => ({ ...parsed, area });

function assessmentChanged({ parsed, stored, area }: IntakeHousehold): boolean {
  const s = stored!;
  return (
    s.area !== area ||
    s.classification !== parsed.classification ||
    s.incomePerPersonMonthly !== parsed.incomePerPersonMonthly ||
    s.incomeScore !== parsed.incomeScore ||
    s.address !== parsed.address ||
    JSON.stringify(s.deprivations) !== JSON.stringify(parsed.deprivations) ||
    JSON.stringify(s.povertyCauses) !== JSON.stringify(parsed.povertyCauses)
  );
}

function membersDiffer({ parsed, stored }: IntakeHousehold, all: HouseholdMember[]): boolean {
  const fields = (m: Omit<HouseholdMember, "id" | "householdId" | "position"> & { row?: number }) =>
    JSON.stringify([
      m.fullName,
      m.birthYear,
      m.sex,
      m.relationToHead,
      m.nationalIdNumber,
      m.hasHealthInsurance,
      m.educationLevel,
      m.attendingSchool,
      m.workStatus,
    ]);
  const storedMembers = all.filter((m) => m.householdId === stored!.id).map(fields);
  return JSON.stringify(storedMembers) !== JSON.stringify(parsed.members.map(fields));
}
