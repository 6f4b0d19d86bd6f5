import type { GraphQLResolveInfo } from "graphql";
import { Arg, Ctx, FieldResolver, ID, Info, Int, Query, Resolver, Root } from "type-graphql";
import { ALL_ROLES, Allow, PERSONAL_DATA_READERS, RestrictTo, Role } from "../../shared/auth";
import { loadRequired } from "../../shared/loaders";
import { toConnection } from "../../shared/pagination";
import { selectedFieldNames } from "../../shared/personal-data";
import { fieldNamesUnder, perField, selectedFields } from "../../shared/projection";
import { Cost } from "../../shared/cost";
import type { RequestContext } from "../../shared/request-context";
import { Ward } from "../wards";
import { HouseholdMember } from "./household-member.entity";
import { Household } from "./household.entity";
import { HouseholdFilter } from "./household.inputs";
import { seesNationalIds } from "./household-scope";
import type { HouseholdPageFields, HouseholdRow } from "./household-page.sql";
import type { HouseholdService } from "./household.service";
import { Deprivation, HouseholdConnection } from "./household.types";
import { DeprivationIndicator, dimensionOf } from "./national-standard";

/** The fields a connection's page is read for: each node's, its ward's and the total count when asked for. */
const pageFields = perField((info): HouseholdPageFields => {
  const node = selectedFields(info, ["edges", "node"]);
  const ward = node.get("ward");
  return {
    household: [...node.keys()],
    ward: ward ? fieldNamesUnder(info, ward) : null,
    total: selectedFields(info).has("totalCount"),
  };
});

@Resolver(() => Household)
export class HouseholdResolver {
  constructor(private readonly householdService: HouseholdService) {}

  @Allow(...ALL_ROLES)
  @Cost(10)
  @Query(() => Household, {
    nullable: true,
    description: "The household, or null when it does not exist or is outside your scope.",
  })
  household(
    @Ctx() ctx: RequestContext,
    @Arg("id", () => ID) id: string,
  ): Promise<Household | null> {
    return this.householdService.findById(ctx.actor, id);
  }

  @Allow(...ALL_ROLES)
  @Cost(10)
  @Query(() => HouseholdConnection, {
    description: "Households within your scope, by code; `first` is 1–100 (default 20).",
  })
  async households(
    @Ctx() ctx: RequestContext,
    @Info() info: GraphQLResolveInfo,
    @Arg("filter", () => HouseholdFilter, { nullable: true }) filter: HouseholdFilter | undefined,
    @Arg("first", () => Int, { nullable: true }) first: number | undefined,
    @Arg("after", () => String, { nullable: true }) after: string | undefined,
  ): Promise<HouseholdConnection> {
    return toConnection(
      await this.householdService.page(ctx.actor, filter ?? {}, first, after, pageFields(info)),
      filter ?? {},
    );
  }

  @Cost(1)
  @FieldResolver(() => Ward)
  ward(@Root() household: HouseholdRow, @Ctx() ctx: RequestContext): Ward | Promise<Ward> {
    return household.ward ?? loadRequired(ctx.loaders.ward, household.wardId, "ward");
  }

  // Computed from the row: no database; at most the standard's 12 indicators.
  @Cost(0, { assumedSize: 12 })
  @FieldResolver(() => [Deprivation], {
    description:
      "Indicators of the national standard in which the household is deprived, in the decree's order.",
  })
  deprivations(@Root() household: Household): Deprivation[] {
    return Object.values(DeprivationIndicator)
      .filter((indicator) => household.deprivations.includes(indicator))
      .map((indicator) => ({ indicator, dimension: dimensionOf[indicator] }));
  }

  @RestrictTo(...PERSONAL_DATA_READERS)
  @Cost(0)
  @FieldResolver(() => String, {
    nullable: true,
    description: "Personal data: closed to analysts; every read is logged.",
  })
  address(@Root() household: Household, @Ctx() ctx: RequestContext): string {
    ctx.personalDataReads.record(household.id, ["address"]);
    return household.address;
  }

  @RestrictTo(...PERSONAL_DATA_READERS)
  @Cost(1, { assumedSize: 8 })
  @FieldResolver(() => [HouseholdMember], {
    nullable: true,
    description: "Members, head first. Personal data: closed to analysts; every read is logged.",
  })
  members(
    @Root() household: Household,
    @Ctx() ctx: RequestContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<HouseholdMember[]> {
    ctx.personalDataReads.record(
      household.id,
      selectedFieldNames(info).map((f) => `members.${f}`),
    );
    return ctx.loaders.householdMembers.load(household.id);
  }
}

@Resolver(() => HouseholdConnection)
export class HouseholdConnectionResolver {
  constructor(private readonly householdService: HouseholdService) {}

  @Cost(10)
  @FieldResolver(() => Int, { description: "Households matching the filter across all pages." })
  totalCount(
    @Root() connection: HouseholdConnection,
    @Ctx() ctx: RequestContext,
  ): number | Promise<number> {
    return connection.total ?? this.householdService.count(ctx.actor, connection.filter);
  }
}

@Resolver(() => HouseholdMember)
export class HouseholdMemberResolver {
  @Cost(1)
  @FieldResolver(() => String, {
    nullable: true,
    description:
      "Citizen identity number: whole for ADMIN and the household's own ward, its last three digits for agency staff, hidden from monitors.",
  })
  async nationalIdNumber(
    @Root() member: HouseholdMember,
    @Ctx() ctx: RequestContext,
  ): Promise<string | null> {
    if (!member.nationalIdNumber || ctx.viewer.role === Role.MONITOR) return null;
    const household = await loadRequired(ctx.loaders.household, member.householdId, "household");
    return seesNationalIds(ctx.viewer, household)
      ? member.nationalIdNumber
      : `*********${member.nationalIdNumber.slice(-3)}`;
  }
}
