export { Review, ReviewKind } from "./review.entity";
export { ReviewService } from "./review.service";
