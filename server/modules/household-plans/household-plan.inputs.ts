import { GraphQLSafeInt } from "graphql-scalars";
import { Field, ID, InputType, Int } from "type-graphql";
import { NotExpectedReason, PlanStatus } from "./household-plan.entity";

@InputType({
  description:
    "An official to follow and help the household: name the household's ward, or an agency.",
})
export class PlanMentorInput {
  @Field()
  name!: string;

  @Field({ description: "The official's user id (their token's subject)." })
  userId!: string;

  @Field(() => String, { nullable: true })
  wardCode?: string | null;

  @Field(() => String, { nullable: true })
  agencyCode?: string | null;
}

@InputType({
  description: "What a ward decides for a household's plan; a change gives every field again.",
})
export class PlanFieldsInput {
  @Field(() => PlanStatus)
  status!: PlanStatus;

  @Field(() => NotExpectedReason, {
    nullable: true,
    description: "Required when NOT_EXPECTED, otherwise empty.",
  })
  notExpectedReason?: NotExpectedReason | null;

  @Field(() => Int, {
    nullable: true,
    description: "2024 or 2025, not before the plan's year; required unless NOT_EXPECTED.",
  })
  targetYear?: number | null;

  @Field(() => String, { nullable: true })
  productionModel?: string | null;

  @Field(() => [PlanMentorInput], { defaultValue: [] })
  mentors!: PlanMentorInput[];

  @Field(() => String, { nullable: true, description: "YYYY-MM-DD" })
  commitmentSignedOn?: string | null;

  @Field(() => String, { nullable: true, description: "YYYY-MM-DD" })
  chairApprovedOn?: string | null;
}

@InputType({ description: "Money a plan counts on for one of the household's open tasks." })
export class PlanFundingLineInput {
  @Field(() => ID)
  taskId!: string;

  @Field()
  sourceCode!: string;

  @Field(() => GraphQLSafeInt, { description: "Whole VND, more than 0." })
  amount!: number;
}
