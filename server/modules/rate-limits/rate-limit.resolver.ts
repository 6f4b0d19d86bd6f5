import { Ctx, Query, Resolver } from "type-graphql";
import { ALL_ROLES, Allow } from "../../shared/auth";
import { Cost } from "../../shared/cost";
import type { RequestContext } from "../../shared/request-context";
import { RateLimit } from "./rate-limit.types";

@Resolver()
export class RateLimitResolver {
  // The request pipeline charges every operation before it runs (app/rate-limiter.ts); this reads
  // what it recorded and reaches no database.
  @Allow(...ALL_ROLES)
  @Cost(0)
  @Query(() => RateLimit, {
    description:
      "Your cost budget, this operation charged: what it cost, what is left, when the budget is whole again.",
  })
  rateLimit(@Ctx() ctx: RequestContext): RateLimit {
    if (!ctx.rateLimit) throw new Error("the operation was not charged before it ran");
    return ctx.rateLimit;
  }
}
