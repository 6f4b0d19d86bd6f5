import { Field, InputType, Int } from "type-graphql";

@InputType({
  description: "A new poverty standard. Its validity must not overlap another standard's.",
})
export class PovertyStandardInput {
  @Field()
  code!: string;

  @Field()
  name!: string;

  @Field(() => String, { nullable: true })
  legalBasis?: string | null;

  @Field({ description: "YYYY-MM-DD" })
  validFrom!: string;

  @Field(() => String, {
    nullable: true,
    description: "YYYY-MM-DD, exclusive; omit for open-ended.",
  })
  validUntil?: string | null;

  @Field(() => Int)
  ruralIncomeThreshold!: number;

  @Field(() => Int)
  urbanIncomeThreshold!: number;

  @Field(() => Int, { nullable: true })
  ruralScoreThreshold?: number | null;

  @Field(() => Int, { nullable: true })
  urbanScoreThreshold?: number | null;

  @Field(() => Int, { description: "1–12; the 2022–2025 standard says 3." })
  minDeprivationsForPoor!: number;
}
