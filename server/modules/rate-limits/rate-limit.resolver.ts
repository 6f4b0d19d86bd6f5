import { Ctx, Query, Resolver } from "type-graphql";
import { ALL_ROLES, Allow } from "../../shared/auth";
import { Cost } from "../../shared/cost";
import type { RequestContext } from "../../shared/request-context";
import { RateLimit } from "./rate-limit.types";

@Resolver()
export class RateLimitResolver {
  // The request pipeline charged the operation before it ran; this reads what it recorded, no database.
  @Allow(...ALL_ROLES)
  @Cost(0)
  @Query(() => RateLimit, { nullable: true, description: "Your cost budget after this operation (null over a WebSocket subscription's events)." })
  rateLimit(@Ctx() ctx: RequestContext): RateLimit | null {
    return ctx.rateLimit;
  }
}
