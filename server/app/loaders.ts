import { loaderById, loaderOfMany } from "../shared/loaders";
import type { Actor } from "../shared/actor";
import type { Services } from "./services";

/**
 * The DataLoaders of one request. HTTP requests cache within the request; a subscription lives
 * long, so its loaders batch but do not cache (every event sees the rows as they are now).
 */
export function createLoaders(
  s: Services,
  actor: Actor,
  options: { cache: boolean } = { cache: true },
) {
  const o = options;
  return {
    ward: loaderById(
      (ids) => s.wards.byIds(actor, ids),
      (w) => w.id,
      o,
    ),
    wardHouseholdTotals: loaderOfMany(
      (ids) => s.wards.householdTotalsOf(actor, ids),
      (t) => t.wardId,
      o,
    ),
    agency: loaderById(
      (ids) => s.agencies.byIds(actor, ids),
      (a) => a.id,
      o,
    ),
    supportMeasure: loaderById(
      (ids) => s.supportMeasures.byIds(actor, ids),
      (m) => m.id,
      o,
    ),
    review: loaderById(
      (ids) => s.reviews.byIds(actor, ids),
      (r) => r.id,
      o,
    ),
    reviewHistory: loaderOfMany(
      (ids) => s.reviews.historyOf(actor, ids),
      (x) => x.householdId,
      o,
    ),
    household: loaderById(
      (ids) => s.households.byIds(actor, ids),
      (h) => h.id,
      o,
    ),
    householdMembers: loaderOfMany(
      (ids) => s.households.membersOf(actor, ids),
      (m) => m.householdId,
      o,
    ),
    task: loaderById(
      (ids) => s.tasks.byIds(actor, ids),
      (t) => t.id,
      o,
    ),
    taskHistory: loaderOfMany(
      (ids) => s.tasks.historyOf(actor, ids),
      (e) => e.taskId,
      o,
    ),
    planTasks: loaderOfMany(
      (ids) => s.householdPlans.tasksOf(actor, ids),
      (t) => t.householdId,
      o,
    ),
    planHistory: loaderOfMany(
      (ids) => s.householdPlans.historyOf(actor, ids),
      (e) => e.planId,
      o,
    ),
    routingRuleVersions: loaderOfMany(
      (ids) => s.routingRules.versionsOf(actor, ids),
      (v) => v.ruleId,
      o,
    ),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;

// The request context (shared/) names the loaders without knowing them: these are they.
declare module "../shared/request-context" {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- merges Loaders into the interface
  interface RequestLoaders extends Loaders {}
}
