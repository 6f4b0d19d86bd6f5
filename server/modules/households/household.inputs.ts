import { Field, ID, InputType } from "type-graphql";
import { Classification, DeprivationIndicator, PovertyCause } from "./national-standard";

@InputType({
  description:
    "Narrows households; every given condition must hold, each list matches any of its values.",
})
export class HouseholdFilter {
  @Field(() => [ID], { nullable: true })
  wardIds?: string[];

  @Field(() => [String], {
    nullable: true,
    description: "GSO codes of wards as they are today (codes are reused across years).",
  })
  wardCodes?: string[];

  @Field(() => [Classification], { nullable: true })
  classifications?: Classification[];

  @Field(() => [DeprivationIndicator], {
    nullable: true,
    description: "Deprived in at least one of these indicators.",
  })
  deprivationsAnyOf?: DeprivationIndicator[];

  @Field(() => [DeprivationIndicator], {
    nullable: true,
    description: "Deprived in every one of these indicators.",
  })
  deprivationsAllOf?: DeprivationIndicator[];

  @Field(() => [DeprivationIndicator], {
    nullable: true,
    description: "Deprived in none of these indicators.",
  })
  deprivationsNoneOf?: DeprivationIndicator[];

  @Field(() => [PovertyCause], {
    nullable: true,
    description: "Has at least one of these poverty causes.",
  })
  povertyCauses?: PovertyCause[];

  @Field({
    nullable: true,
    description:
      "Words of the household code or the head's name; case and Vietnamese diacritics are ignored.",
  })
  search?: string;

  @Field({
    nullable: true,
    description:
      "true: only households whose recorded classification disagrees with the poverty standard in force for their review (see classificationIssues); false: only those that agree. Households with no standard in force are in neither.",
  })
  classificationDisagrees?: boolean;
}
