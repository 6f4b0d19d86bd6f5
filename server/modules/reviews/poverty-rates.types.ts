import { Field, Float, ID, Int, ObjectType } from "type-graphql";

@ObjectType({
  description:
    "Households by classification at the end of a year, with the year's changes, for a ward or the city.",
})
export class PovertyStanding {
  @Field(() => ID, {
    nullable: true,
    description: "The ward as it was at the end of the year; null for the city.",
  })
  wardId!: string | null;

  @Field(() => Int, {
    nullable: true,
    description: "Total households (the rates' denominator); null when not recorded for the year.",
  })
  householdsTotal!: number | null;

  @Field(() => Int, {
    description:
      "Poor households: those whose latest review result by the end of the year is POOR.",
  })
  poor!: number;

  @Field(() => Int)
  nearPoor!: number;

  @Field(() => Float, {
    nullable: true,
    description: "Poor households per 100 households; null without a denominator.",
  })
  poorRate!: number | null;

  @Field(() => Float, { nullable: true })
  nearPoorRate!: number | null;

  @Field(() => Float, { nullable: true, description: "Poor plus near-poor per 100 households." })
  multidimensionalRate!: number | null;

  @Field(() => Int, {
    description: "Results of the year's reviews that took a poor household off the poor list.",
  })
  escapedPoverty!: number;

  @Field(() => Int, { description: "Near-poor households found not poor by the year's reviews." })
  escapedNearPoverty!: number;

  @Field(() => Int, { description: "Households found poor that had never been poor before." })
  newlyPoor!: number;

  @Field(() => Int, { description: "Households found poor again after having escaped poverty." })
  rePoor!: number;

  @Field(() => Int, {
    description: "Households found near-poor that were not poor or near-poor before.",
  })
  newlyNearPoor!: number;
}

@ObjectType({
  description:
    "Poverty rates per ward and for the city at the end of a year, from the reviews' results and the wards' household totals.",
})
export class PovertyRates {
  @Field(() => Int)
  year!: number;

  @Field({
    description: "The day the standing is taken (YYYY-12-31); wards are those existing that day.",
  })
  asOf!: string;

  @Field(() => PovertyStanding, {
    description:
      "The city; its rates are null unless every ward has a household total for the year.",
  })
  city!: PovertyStanding;

  @Field(() => [PovertyStanding], {
    description: "Every ward existing at the end of the year, by code.",
  })
  wards!: PovertyStanding[];
}
