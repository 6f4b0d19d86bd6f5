import { Field, Int, ObjectType } from "type-graphql";
import { Column, Entity } from "typeorm";
import { Area, Classification, DeprivationIndicator, PovertyCause } from "../households";

@ObjectType({
  description:
    "A household's classification as one review recorded it, in the ward it belonged to then.",
})
@Entity("household_review_result")
export class HouseholdReviewResult {
  @Column({ name: "review_id", type: "uuid", primary: true })
  reviewId!: string;

  @Column({ name: "household_id", type: "uuid", primary: true })
  householdId!: string;

  @Column({ name: "ward_id", type: "uuid" })
  wardId!: string;

  @Field(() => Classification)
  @Column({ type: "text" })
  classification!: Classification;

  @Field(() => Area)
  @Column({ type: "text" })
  area!: Area;

  @Field(() => Int, { nullable: true })
  @Column({ name: "income_per_person_monthly", type: "integer", nullable: true })
  incomePerPersonMonthly!: number | null;

  @Field(() => Int, { nullable: true })
  @Column({ name: "income_score", type: "smallint", nullable: true })
  incomeScore!: number | null;

  @Field(() => [DeprivationIndicator])
  @Column({ type: "text", array: true })
  deprivations!: DeprivationIndicator[];

  @Field(() => [PovertyCause])
  @Column({ name: "poverty_causes", type: "smallint", array: true })
  povertyCauses!: PovertyCause[];

  @Column({ name: "recorded_by", type: "text" })
  recordedBy!: string;

  @Field(() => Date)
  @Column({ name: "recorded_at", type: "timestamptz" })
  recordedAt!: Date;
}
