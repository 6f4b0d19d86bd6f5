import { Field, ID, InputType } from "type-graphql";
import { Area, Classification, DeprivationIndicator, PovertyCause } from "../households";

@InputType({
  description:
    "What a rule matches (exactly one of deprivation, povertyCause, classification), how it is narrowed, and what it yields.",
})
export class RoutingRuleInput {
  @Field(() => DeprivationIndicator, { nullable: true })
  deprivation?: DeprivationIndicator;

  @Field(() => PovertyCause, { nullable: true })
  povertyCause?: PovertyCause;

  @Field(() => Classification, { nullable: true })
  classification?: Classification;

  @Field(() => ID, { nullable: true, description: "Only households of this ward." })
  wardId?: string;

  @Field(() => Area, { nullable: true, description: "Only urban or only rural households." })
  area?: Area;

  @Field({ description: "Support measure code, e.g. INTERNET_ACCESS." })
  measureCode!: string;

  @Field({ description: "Agency code of the owner, e.g. CULTURE_INFORMATION." })
  ownerAgencyCode!: string;

  @Field(() => [String], { nullable: true })
  supportingAgencyCodes?: string[];

  @Field({ nullable: true })
  description?: string;
}
