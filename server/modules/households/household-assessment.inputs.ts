import { Field, InputType } from "type-graphql";
import { Classification, DeprivationIndicator, PovertyCause } from "./national-standard";

@InputType({
  description:
    "A household's assessment: its deprivations, poverty causes and recorded classification, replacing the previous ones.",
})
export class HouseholdAssessmentInput {
  @Field(() => [DeprivationIndicator])
  deprivations!: DeprivationIndicator[];

  @Field(() => [PovertyCause])
  povertyCauses!: PovertyCause[];

  @Field(() => Classification)
  classification!: Classification;
}
