import { Field, Int, ObjectType } from "type-graphql";
import { connectionTypes, type Connection } from "../../shared/pagination";
import { Classification, Household, HouseholdFilter } from "../households";
import { PovertyStandard } from "./poverty-standard.entity";

@ObjectType({
  description:
    "A household whose recorded classification disagrees with the poverty standard in force for its review. The recorded classification stays as the review recorded it.",
})
export class ClassificationIssue {
  @Field(() => Household)
  household!: Household;

  @Field(() => Classification)
  recordedClassification!: Classification;

  @Field(() => Classification, {
    nullable: true,
    description:
      "What the standard gives; null when the household's income is not recorded (only its deprivations were checked).",
  })
  expectedClassification!: Classification | null;

  @Field(() => PovertyStandard)
  standard!: PovertyStandard;

  @Field({
    description:
      "The day the standard is taken for: the last day of the household's review, or today without one (YYYY-MM-DD).",
  })
  checkedOn!: string;

  @Field(() => Int)
  deprivationCount!: number;

  @Field({ description: "Why the classification disagrees, in words." })
  reason!: string;
}

export const ClassificationIssueConnection = connectionTypes(
  ClassificationIssue,
  "ClassificationIssue",
);
export type ClassificationIssueConnection = Connection<ClassificationIssue, HouseholdFilter>;
