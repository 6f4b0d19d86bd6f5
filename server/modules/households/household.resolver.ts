import { Arg, Ctx, FieldResolver, ID, Int, Query, Resolver, Root } from "type-graphql";
import { loadRequired } from "../../shared/loaders";
import { toConnection } from "../../shared/pagination";
import type { RequestContext } from "../../shared/request-context";
import { Review } from "../reviews";
import { Ward } from "../wards";
import { HouseholdMember } from "./household-member.entity";
import { Household } from "./household.entity";
import { HouseholdFilter } from "./household.inputs";
import type { HouseholdService } from "./household.service";
import { Deprivation, HouseholdConnection } from "./household.types";
import { DeprivationIndicator, dimensionOf } from "./national-standard";

@Resolver(() => Household)
export class HouseholdResolver {
  constructor(private readonly householdService: HouseholdService) {}

  @Query(() => Household, { nullable: true })
  household(@Arg("id", () => ID) id: string): Promise<Household | null> {
    return this.householdService.findById(id);
  }

  @Query(() => HouseholdConnection, { description: "Households by code; `first` is 1–100 (default 20)." })
  async households(
    @Arg("filter", () => HouseholdFilter, { nullable: true }) filter: HouseholdFilter | undefined,
    @Arg("first", () => Int, { nullable: true }) first: number | undefined,
    @Arg("after", () => String, { nullable: true }) after: string | undefined,
  ): Promise<HouseholdConnection> {
    return toConnection(await this.householdService.page(filter ?? {}, first, after), filter ?? {});
  }

  @FieldResolver(() => Ward)
  ward(@Root() household: Household, @Ctx() ctx: RequestContext): Promise<Ward> {
    return loadRequired(ctx.loaders.ward, household.wardId, "ward");
  }

  @FieldResolver(() => [Deprivation], { description: "Indicators of the national standard in which the household is deprived, in the decree's order." })
  deprivations(@Root() household: Household): Deprivation[] {
    return Object.values(DeprivationIndicator)
      .filter((indicator) => household.deprivations.includes(indicator))
      .map((indicator) => ({ indicator, dimension: dimensionOf[indicator] }));
  }

  @FieldResolver(() => [HouseholdMember], { description: "Members, head first." })
  members(@Root() household: Household, @Ctx() ctx: RequestContext): Promise<HouseholdMember[]> {
    return ctx.loaders.householdMembers.load(household.id);
  }

  @FieldResolver(() => Review, { nullable: true, description: "The review whose result the classification records." })
  classifiedInReview(@Root() household: Household, @Ctx() ctx: RequestContext): Promise<Review | null> | null {
    return household.classifiedInReviewId ? ctx.loaders.review.load(household.classifiedInReviewId) : null;
  }
}

@Resolver(() => HouseholdConnection)
export class HouseholdConnectionResolver {
  constructor(private readonly householdService: HouseholdService) {}

  @FieldResolver(() => Int, { description: "Households matching the filter across all pages." })
  totalCount(@Root() connection: HouseholdConnection): Promise<number> {
    return this.householdService.count(connection.filter);
  }
}

@Resolver(() => HouseholdMember)
export class HouseholdMemberResolver {
  @FieldResolver(() => String, {
    nullable: true,
    description: "Citizen identity number, masked to its last three digits.",
  })
  nationalIdNumber(@Root() member: HouseholdMember): string | null {
    return member.nationalIdNumber ? `*********${member.nationalIdNumber.slice(-3)}` : null;
  }
}
