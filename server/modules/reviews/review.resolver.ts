import { Arg, Ctx, FieldResolver, Int, Query, Resolver, Root } from "type-graphql";
import { ALL_ROLES, Allow } from "../../shared/auth";
import { loadRequired } from "../../shared/loaders";
import { Cost } from "../../shared/cost";
import type { RequestContext } from "../../shared/request-context";
import { Household } from "../households";
import { Ward } from "../wards";
import { HouseholdReviewResult } from "./household-review-result.entity";
import { PovertyRates, PovertyStanding } from "./poverty-rates.types";
import type { PovertyRatesService } from "./poverty-rates.service";
import { Review } from "./review.entity";
import type { ReviewService } from "./review.service";

@Resolver(() => Review)
export class ReviewResolver {
  constructor(
    private readonly reviewService: ReviewService,
    private readonly rates: PovertyRatesService,
  ) {}

  @Allow(...ALL_ROLES)
  @Cost(10, { assumedSize: 5 })
  @Query(() => [Review], { description: "Every review with results on record, oldest first." })
  reviews(@Ctx() ctx: RequestContext): Promise<Review[]> {
    return this.reviewService.list(ctx.actor);
  }

  @Allow(...ALL_ROLES)
  @Cost(200)
  @Query(() => PovertyRates, {
    description:
      "Poverty rates and the year's escaped / newly poor / re-poor counts per ward and for the city, from the reviews' results.",
  })
  povertyRates(
    @Ctx() ctx: RequestContext,
    @Arg("year", () => Int) year: number,
  ): Promise<PovertyRates> {
    return this.rates.ratesOf(ctx.actor, year);
  }
}

@Resolver(() => PovertyStanding)
export class PovertyStandingResolver {
  @Cost(1)
  @FieldResolver(() => Ward, { nullable: true, description: "Null for the city." })
  ward(@Root() standing: PovertyStanding, @Ctx() ctx: RequestContext): Promise<Ward> | null {
    return standing.wardId ? loadRequired(ctx.loaders.ward, standing.wardId, "ward") : null;
  }
}

@Resolver(() => HouseholdReviewResult)
export class HouseholdReviewResultResolver {
  @Cost(1)
  @FieldResolver(() => Review)
  review(@Root() result: HouseholdReviewResult, @Ctx() ctx: RequestContext): Promise<Review> {
    return loadRequired(ctx.loaders.review, result.reviewId, "review");
  }

  @Cost(1)
  @FieldResolver(() => Ward, { description: "The ward the household belonged to at the review." })
  ward(@Root() result: HouseholdReviewResult, @Ctx() ctx: RequestContext): Promise<Ward> {
    return loadRequired(ctx.loaders.ward, result.wardId, "ward");
  }
}

@Resolver(() => Household)
export class HouseholdReviewsResolver {
  @Cost(1, { assumedSize: 5 })
  @FieldResolver(() => [HouseholdReviewResult], {
    description: "The household's result in every review on record, oldest first.",
  })
  reviewHistory(
    @Root() household: Household,
    @Ctx() ctx: RequestContext,
  ): Promise<HouseholdReviewResult[]> {
    return ctx.loaders.reviewHistory.load(household.id);
  }

  // Here, not in households/: reviews know households, so households need not know reviews.
  @Cost(1)
  @FieldResolver(() => Review, {
    nullable: true,
    description: "The review whose result the classification records.",
  })
  classifiedInReview(
    @Root() household: Household,
    @Ctx() ctx: RequestContext,
  ): Promise<Review | null> | null {
    return household.classifiedInReviewId
      ? ctx.loaders.review.load(household.classifiedInReviewId)
      : null;
  }
}
