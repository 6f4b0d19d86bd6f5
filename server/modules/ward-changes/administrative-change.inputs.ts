import { Field, InputType } from "type-graphql";
import { WardKind } from "../wards";

@InputType({
  description:
    "A ward the change creates (codes may be reused: the predecessor carrying the code ends the day before).",
})
export class NewWardInput {
  @Field()
  name!: string;

  @Field(() => WardKind)
  kind!: WardKind;
}

@InputType({ description: "Predecessor wards merged into a successor from a date." })
export class AdministrativeChangeInput {
  @Field(() => [String], {
    description: "GSO codes of the wards that end, as they are the day before the effective date.",
  })
  predecessorWardCodes!: string[];

  @Field({ description: "GSO code of the successor ward." })
  successorWardCode!: string;

  @Field(() => NewWardInput, {
    nullable: true,
    description:
      "Give it to create the successor; omit it when the ward carrying the code continues and absorbs the predecessors.",
  })
  newSuccessor?: NewWardInput | null;

  @Field({ description: "First day of the new map (YYYY-MM-DD)." })
  effectiveOn!: string;

  @Field(() => String, { nullable: true })
  legalBasis?: string | null;
}
