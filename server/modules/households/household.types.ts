import { Field, ObjectType } from "type-graphql";
import { connectionTypes, type Connection } from "../../shared/pagination";
import { Household } from "./household.entity";
import type { HouseholdFilter } from "./household.inputs";
import { DeprivationDimension, DeprivationIndicator } from "./national-standard";

@ObjectType({
  description: "An indicator of the national standard in which a household is deprived.",
})
export class Deprivation {
  @Field(() => DeprivationIndicator)
  indicator!: DeprivationIndicator;

  @Field(() => DeprivationDimension)
  dimension!: DeprivationDimension;
}

export const HouseholdConnection = connectionTypes(Household, "Household");
export type HouseholdConnection = Connection<Household, HouseholdFilter>;
