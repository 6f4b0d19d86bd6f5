import { Field, ObjectType } from "type-graphql";
import { PageInfo } from "../../shared/pagination";
import { Household } from "./household.entity";
import type { HouseholdFilter } from "./household.inputs";
import { DeprivationDimension, DeprivationIndicator } from "./national-standard";

@ObjectType({ description: "An indicator of the national standard in which a household is deprived." })
export class Deprivation {
  @Field(() => DeprivationIndicator)
  indicator!: DeprivationIndicator;

  @Field(() => DeprivationDimension)
  dimension!: DeprivationDimension;
}

@ObjectType()
export class HouseholdEdge {
  @Field({ description: "Opaque; pass it as `after` to continue after this household." })
  cursor!: string;

  @Field(() => Household)
  node!: Household;
}

@ObjectType({ description: "A page of households (Relay connection)." })
export class HouseholdConnection {
  @Field(() => [HouseholdEdge])
  edges!: HouseholdEdge[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;

  /** Kept for `totalCount`, which is counted only when asked for. */
  filter!: HouseholdFilter;
}
