import type { DataSource } from "typeorm";
import { AgencyService } from "../modules/agencies";
import { HouseholdService } from "../modules/households";
import { PlanTargetService } from "../modules/plan-targets";
import { ReviewService } from "../modules/reviews";
import { SupportMeasureService } from "../modules/support-measures";
import { WardService } from "../modules/wards";

/** One instance of each domain service, shared by all requests of a server. */
export function createServices(db: DataSource) {
  return {
    wards: new WardService(db),
    agencies: new AgencyService(db),
    supportMeasures: new SupportMeasureService(db),
    planTargets: new PlanTargetService(db),
    reviews: new ReviewService(db),
    households: new HouseholdService(db),
  };
}

export type Services = ReturnType<typeof createServices>;
