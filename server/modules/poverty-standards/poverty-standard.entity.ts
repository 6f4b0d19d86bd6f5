import { Field, ID, Int, ObjectType } from "type-graphql";
import { Column, Entity, PrimaryGeneratedColumn } from "typeorm";

@ObjectType({
  description:
    "A national poverty standard in force over a period: income thresholds (VND per person a month, or review score A) and the deprivation count that separates poor from near-poor. Poor: income at or below the threshold and at least `minDeprivationsForPoor` deprivations; near-poor: income at or below the threshold and fewer.",
})
@Entity("poverty_standard")
export class PovertyStandard {
  @Field(() => ID)
  @PrimaryGeneratedColumn("uuid")
  id!: string;

  @Field({ description: "e.g. 2022-2025" })
  @Column({ type: "text" })
  code!: string;

  @Field()
  @Column({ type: "text" })
  name!: string;

  @Field(() => String, { nullable: true })
  @Column({ name: "legal_basis", type: "text", nullable: true })
  legalBasis!: string | null;

  @Field({ description: "First day in force (YYYY-MM-DD)." })
  @Column({ name: "valid_from", type: "date" })
  validFrom!: string;

  @Field(() => String, {
    nullable: true,
    description: "First day no longer in force (YYYY-MM-DD, exclusive); null while open-ended.",
  })
  @Column({ name: "valid_until", type: "date", nullable: true })
  validUntil!: string | null;

  @Field(() => Int, { description: "Rural income threshold, VND per person a month." })
  @Column({ name: "rural_income_threshold", type: "integer" })
  ruralIncomeThreshold!: number;

  @Field(() => Int, { description: "Urban income threshold, VND per person a month." })
  @Column({ name: "urban_income_threshold", type: "integer" })
  urbanIncomeThreshold!: number;

  @Field(() => Int, {
    nullable: true,
    description: "Rural threshold of the review's income score A (points).",
  })
  @Column({ name: "rural_score_threshold", type: "smallint", nullable: true })
  ruralScoreThreshold!: number | null;

  @Field(() => Int, {
    nullable: true,
    description: "Urban threshold of the review's income score A (points).",
  })
  @Column({ name: "urban_score_threshold", type: "smallint", nullable: true })
  urbanScoreThreshold!: number | null;

  @Field(() => Int, {
    description:
      "Deprivations (of the 12 indicators) from which a household under the income threshold is poor.",
  })
  @Column({ name: "min_deprivations_for_poor", type: "smallint" })
  minDeprivationsForPoor!: number;

  @Column({ name: "recorded_by", type: "text" })
  recordedBy!: string;
}
