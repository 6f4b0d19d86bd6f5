import { GraphQLSafeInt } from "graphql-scalars";
import { Arg, Ctx, Int, Mutation, Query, Resolver } from "type-graphql";
import { ALL_ROLES, Allow, Role } from "../../shared/auth";
import { Cost } from "../../shared/cost";
import type { RequestContext } from "../../shared/request-context";
import type { FundingService } from "./funding.service";
import { FundingAllocation, FundingAllocationInput, FundingSource } from "./funding.types";

@Resolver()
export class FundingResolver {
  constructor(private readonly funding: FundingService) {}

  @Allow(...ALL_ROLES)
  @Cost(20, { assumedSize: 10 })
  @Query(() => [FundingSource], {
    description:
      "The plan's funding sources with each year's budget, allocated, spent and remaining (whole VND).",
  })
  fundingSources(@Ctx() ctx: RequestContext): Promise<FundingSource[]> {
    return this.funding.sources(ctx.actor);
  }

  @Allow(Role.ADMIN, Role.AGENCY_STAFF)
  @Cost(20)
  @Mutation(() => [FundingSource], {
    description:
      "Sets a source's budget for a year (ADMIN or Finance and Planning); never below what is allocated.",
  })
  async setFundingBudget(
    @Ctx() ctx: RequestContext,
    @Arg("sourceCode") sourceCode: string,
    @Arg("year", () => Int) year: number,
    @Arg("amount", () => GraphQLSafeInt) amount: number,
  ): Promise<FundingSource[]> {
    await this.funding.setBudget(ctx.actor, sourceCode, year, amount);
    return this.funding.sources(ctx.actor);
  }

  @Allow(Role.ADMIN, Role.AGENCY_STAFF)
  @Cost(20)
  @Mutation(() => FundingAllocation, {
    description:
      "Allocates money of a yearly budget to an open task (ADMIN or Finance and Planning); refused beyond the remaining budget. Spent when the task completes.",
  })
  allocateFunds(
    @Ctx() ctx: RequestContext,
    @Arg("allocation", () => FundingAllocationInput) allocation: FundingAllocationInput,
  ): Promise<FundingAllocation> {
    return this.funding.allocate(ctx.actor, allocation);
  }
}
