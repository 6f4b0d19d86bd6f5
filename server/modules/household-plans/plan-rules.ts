import { calendarDate } from "../../shared/dates";
import { badInput } from "../../shared/errors";
import { requiredText } from "../../shared/required-text";
import { PlanStatus, type HouseholdPlan, type PlanMentor } from "./household-plan.entity";
import type { PlanFieldsInput, PlanMentorInput } from "./household-plan.inputs";

/** The plan's years (plan 139/KH-UBND covers 2024–2025). */
export const PLAN_YEARS = [2024, 2025];
/** Statuses of households planned to escape: the forecast counts them and they can be at risk. */
export const ESCAPING = [PlanStatus.REGISTERED, PlanStatus.EXPECTED];
const MAX_TEXT = 500;

/** Throws BAD_USER_INPUT unless the year is one of the plan's. */
export function requirePlanYear(year: number, argument: string): number {
  if (!PLAN_YEARS.includes(year))
    throw badInput(
      "error.plan.year",
      { argument, first: PLAN_YEARS[0], last: PLAN_YEARS[PLAN_YEARS.length - 1], year },
      { argument },
    );
  return year;
}

type PlanFields = Pick<
  HouseholdPlan,
  | "status"
  | "notExpectedReason"
  | "targetYear"
  | "productionModel"
  | "commitmentSignedOn"
  | "chairApprovedOn"
>;

/**
 * The plan's own fields from the input, checked against each other and the plan's year (mentors
 * need the database: see HouseholdPlanService). Throws BAD_USER_INPUT saying which field is wrong.
 */
export function planFields(input: PlanFieldsInput, year: number): PlanFields {
  const escaping = ESCAPING.includes(input.status);
  let targetYear: number | null = null;
  if (escaping) {
    if (input.targetYear === null || input.targetYear === undefined)
      throw badInput(
        "error.plan.needsTargetYear",
        { status: input.status },
        { argument: "targetYear" },
      );
    targetYear = requirePlanYear(input.targetYear, "targetYear");
    if (targetYear < year)
      throw badInput(
        "error.plan.targetBeforeYear",
        { targetYear, year },
        { argument: "targetYear" },
      );
    if (input.notExpectedReason)
      throw badInput("error.plan.reasonOnlyNotExpected", {}, { argument: "notExpectedReason" });
  } else {
    if (!input.notExpectedReason)
      throw badInput("error.plan.needsReason", {}, { argument: "notExpectedReason" });
    if (input.targetYear !== null && input.targetYear !== undefined)
      throw badInput("error.plan.noTargetYear", {}, { argument: "targetYear" });
  }
  return {
    status: input.status,
    notExpectedReason: escaping ? null : input.notExpectedReason!,
    targetYear,
    productionModel: optionalText(input.productionModel, "productionModel"),
    commitmentSignedOn: input.commitmentSignedOn
      ? calendarDate(input.commitmentSignedOn, "commitmentSignedOn")
      : null,
    chairApprovedOn: input.chairApprovedOn
      ? calendarDate(input.chairApprovedOn, "chairApprovedOn")
      : null,
  };
}

/**
 * Mentors as stored, each of the household's ward or of a known agency. Throws BAD_USER_INPUT for
 * an empty name or user id, a user named twice, an unknown agency, or a mentor of another ward who
 * names no agency.
 */
export function planMentors(
  inputs: PlanMentorInput[],
  householdWardCode: string,
  agencyCodes: Set<string>,
): PlanMentor[] {
  const seen = new Set<string>();
  return inputs.map((m, i) => {
    const argument = `mentors[${i}]`;
    const name = requiredText(m.name, `${argument}.name`, MAX_TEXT);
    const userId = requiredText(m.userId, `${argument}.userId`, MAX_TEXT);
    if (seen.has(userId))
      throw badInput("error.plan.mentorTwice", { argument, userId }, { argument });
    seen.add(userId);
    const agencyCode = m.agencyCode?.trim() || null;
    const wardCode = m.wardCode?.trim() || null;
    if (agencyCode && !agencyCodes.has(agencyCode))
      throw badInput("error.plan.mentorAgency", { argument, code: agencyCode }, { argument });
    if (!agencyCode && wardCode !== householdWardCode) {
      throw wardCode
        ? badInput(
            "error.plan.mentorOtherWard",
            { argument, name, householdWardCode, wardCode },
            { argument },
          )
        : badInput("error.plan.mentorWard", { argument, name, householdWardCode }, { argument });
    }
    return { name, userId, wardCode: agencyCode ? wardCode : householdWardCode, agencyCode };
  });
}

function optionalText(value: string | null | undefined, argument: string): string | null {
  return value === null || value === undefined || value.trim() === ""
    ? null
    : requiredText(value, argument, MAX_TEXT);
}
