import { loaderById, loaderOfMany } from "../shared/loaders";
import type { Services } from "./services";

/** The DataLoaders of one request: created per request so no cached row outlives it. */
export function createLoaders(s: Services) {
  return {
    ward: loaderById((ids) => s.wards.byIds(ids), (w) => w.id),
    wardHouseholdTotals: loaderOfMany((ids) => s.wards.householdTotalsOf(ids), (t) => t.wardId),
    agency: loaderById((ids) => s.agencies.byIds(ids), (a) => a.id),
    supportMeasure: loaderById((ids) => s.supportMeasures.byIds(ids), (m) => m.id),
    review: loaderById((ids) => s.reviews.byIds(ids), (r) => r.id),
    householdMembers: loaderOfMany((ids) => s.households.membersOf(ids), (m) => m.householdId),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
