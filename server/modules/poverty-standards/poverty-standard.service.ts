import type { DataSource } from "typeorm";
import { calendarDate } from "../../shared/dates";
import { DomainError, badInput } from "../../shared/errors";
import type { KeysetPage } from "../../shared/pagination";
import type { HouseholdFilter, HouseholdService } from "../households";
import type { ClassificationIssue } from "./classification-issue.types";
import { disagreementReason, type ClassificationCheck } from "./classification-reason";
import { PovertyStandard } from "./poverty-standard.entity";
import type { PovertyStandardInput } from "./poverty-standard.inputs";
import type { Actor } from "../../shared/actor";

const CODE = /^[A-Z0-9][A-Z0-9_.-]{0,39}$/;

export class PovertyStandardService {
  constructor(
    private readonly db: DataSource,
    private readonly households: HouseholdService,
  ) {}

  /** Every standard, oldest first: public to every role. */
  list(_actor: Actor): Promise<PovertyStandard[]> {
    return this.db.getRepository(PovertyStandard).find({ order: { validFrom: "ASC" } });
  }

  /**
   * Records a new standard. Throws BAD_USER_INPUT for a malformed value, CONFLICT when its code is
   * taken or its validity overlaps another standard's (end that one first: standards never overlap).
   */
  async create(actor: Actor, input: PovertyStandardInput): Promise<PovertyStandard> {
    const standard = this.db
      .getRepository(PovertyStandard)
      .create({ ...validStandard(input), recordedBy: actor.name } as Partial<PovertyStandard>);
    try {
      return await this.db.getRepository(PovertyStandard).save(standard);
    } catch (e) {
      const code = (e as { driverError?: { code?: string } }).driverError?.code;
      if (code === "23505")
        throw new DomainError("CONFLICT", "error.standard.exists", { code: input.code });
      if (code === "23P01")
        throw new DomainError("CONFLICT", "error.standard.overlap", {
          validFrom: input.validFrom,
          validUntil: input.validUntil ?? "…",
        });
      throw e;
    }
  }

  /**
   * Households in the actor's scope matching the filter whose recorded classification disagrees
   * with the standard in force for their review, by household code, each with the reason.
   */
  async issues(
    actor: Actor,
    filter: HouseholdFilter,
    first?: number | null,
    after?: string | null,
  ): Promise<KeysetPage<ClassificationIssue>> {
    const page = await this.households.page(
      actor,
      { ...filter, classificationDisagrees: true },
      first,
      after,
    );
    const checks = await this.checksOf(page.rows.map((h) => h.id));
    const standards = new Map((await this.list(actor)).map((s) => [s.id, s]));
    return {
      ...page,
      rows: page.rows.map((household) => {
        const check = checks.get(household.id)!;
        return {
          household,
          recordedClassification: household.classification,
          expectedClassification: check.expectedClassification,
          standard: standards.get(check.standardId)!,
          checkedOn: check.checkedOn,
          deprivationCount: check.deprivationCount,
          reason: disagreementReason(check),
        };
      }),
    };
  }

  private async checksOf(
    householdIds: string[],
  ): Promise<Map<string, ClassificationCheck & { standardId: string }>> {
    const rows: (ClassificationCheck & { householdId: string; standardId: string })[] =
      await this.db.query(
        `SELECT c.household_id AS "householdId", c.classification, c.expected_classification AS "expectedClassification",
              c.standard_id AS "standardId", s.code AS "standardCode", to_char(c.checked_on, 'YYYY-MM-DD') AS "checkedOn",
              c.deprivation_count AS "deprivationCount", c.min_deprivations_for_poor AS "minDeprivationsForPoor",
              c.income_basis AS "incomeBasis", c.income_value AS "incomeValue", c.income_threshold AS "incomeThreshold", h.area
         FROM household_classification_check c
         JOIN household h ON h.id = c.household_id
         JOIN poverty_standard s ON s.id = c.standard_id
        WHERE c.household_id = ANY($1)`,
        [householdIds],
      );
    return new Map(rows.map((r) => [r.householdId, r]));
  }
}

function validStandard(
  input: PovertyStandardInput,
): Omit<PovertyStandardInput, "legalBasis"> & { legalBasis: string | null } {
  if (!CODE.test(input.code))
    throw badInput("error.standard.code", { value: input.code.slice(0, 40) }, { argument: "code" });
  if (!input.name.trim())
    throw badInput("error.input.empty", { argument: "name" }, { argument: "name" });
  const validFrom = calendarDate(input.validFrom, "validFrom");
  const validUntil = input.validUntil == null ? null : calendarDate(input.validUntil, "validUntil");
  if (validUntil !== null && validUntil <= validFrom)
    throw badInput("error.standard.untilAfterFrom", {}, { argument: "validUntil" });
  for (const key of ["ruralIncomeThreshold", "urbanIncomeThreshold"] as const) {
    if (!(input[key] > 0))
      throw badInput("error.standard.positiveVnd", { argument: key }, { argument: key });
  }
  const scores = [input.ruralScoreThreshold ?? null, input.urbanScoreThreshold ?? null];
  if ((scores[0] === null) !== (scores[1] === null))
    throw badInput("error.standard.bothScores", {}, { argument: "ruralScoreThreshold" });
  if (scores.some((s) => s !== null && !(s > 0 && s < 32768)))
    throw badInput("error.standard.scoreRange", {}, { argument: "ruralScoreThreshold" });
  if (!(input.minDeprivationsForPoor >= 1 && input.minDeprivationsForPoor <= 12)) {
    throw badInput("error.standard.minDeprivations", {}, { argument: "minDeprivationsForPoor" });
  }
  return {
    ...input,
    code: input.code,
    name: input.name.trim(),
    legalBasis: input.legalBasis?.trim() || null,
    validFrom,
    validUntil,
    ruralScoreThreshold: scores[0],
    urbanScoreThreshold: scores[1],
  };
}
