import { Agency } from "../modules/agencies";
import { Household, HouseholdMember } from "../modules/households";
import { PlanTarget } from "../modules/plan-targets";
import { Review } from "../modules/reviews";
import { SupportMeasure } from "../modules/support-measures";
import { Ward, WardHouseholdTotal } from "../modules/wards";

/** Every TypeORM entity of the platform. */
export const entities = [Ward, WardHouseholdTotal, Agency, SupportMeasure, Review, Household, HouseholdMember, PlanTarget];
