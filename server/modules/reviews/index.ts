export { Review, ReviewKind } from "./review.entity";
export { HouseholdReviewResult } from "./household-review-result.entity";
export { ReviewService, createReview, type NewReviewResult } from "./review.service";
export { PovertyRatesService } from "./poverty-rates.service";
export { PovertyStanding, PovertyRates } from "./poverty-rates.types";
export { reviewPeriodOf } from "./review-period";
export {
  ReviewResolver,
  PovertyStandingResolver,
  HouseholdReviewResultResolver,
  HouseholdReviewsResolver,
} from "./review.resolver";
