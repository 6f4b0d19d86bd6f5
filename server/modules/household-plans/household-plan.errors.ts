import { DomainError, badInput } from "../../shared/errors";
import type { HouseholdPlan } from "./household-plan.entity";

/** The plan changed since the caller saw it. */
export const stalePlan = (plan: HouseholdPlan, version: number) =>
  new DomainError("CONFLICT", `the plan changed since you saw it (your version ${version}, now ${plan.version}); reload it and retry`, { currentVersion: plan.version });

/** A household has one plan a year. */
export const secondPlan = (householdCode: string, existing: HouseholdPlan) =>
  new DomainError("CONFLICT", `household ${householdCode} already has a ${existing.year} plan (version ${existing.version}); change that plan instead`, {
    planId: existing.id,
    currentVersion: existing.version,
  });

/** Plans are for households on the poor and near-poor lists of the plan's year. */
export const notOnTheLists = (householdCode: string, year: number, classification: string | null) =>
  badInput(
    `household ${householdCode} is ${classification ? `${classification} in the reviews up to ${year}` : `in no review up to ${year}`}; plans are for poor and near-poor households`,
    { argument: "householdId" },
  );
