import { DomainError, badInput } from "../../shared/errors";
import type { HouseholdPlan } from "./household-plan.entity";

/** The plan changed since the caller saw it. */
export const stalePlan = (plan: HouseholdPlan, version: number) =>
  new DomainError(
    "CONFLICT",
    "error.plan.stale",
    { seen: version, current: plan.version },
    { currentVersion: plan.version },
  );

/** A household has one plan a year. */
export const secondPlan = (householdCode: string, existing: HouseholdPlan) =>
  new DomainError(
    "CONFLICT",
    "error.plan.second",
    { householdCode, year: existing.year, version: existing.version },
    {
      planId: existing.id,
      currentVersion: existing.version,
    },
  );

/** Plans are for households on the poor and near-poor lists of the plan's year. */
export const notOnTheLists = (
  householdCode: string,
  year: number,
  classification: string | null,
) =>
  classification
    ? badInput(
        "error.plan.notPoor",
        { householdCode, classification, year },
        { argument: "householdId" },
      )
    : badInput("error.plan.notReviewed", { householdCode, year }, { argument: "householdId" });
