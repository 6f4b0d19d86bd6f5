import { GraphQLSafeInt } from "graphql-scalars";
import { Field, ID, InputType, Int, ObjectType, registerEnumType } from "type-graphql";

export enum FundingKind {
  CITY_BUDGET = "CITY_BUDGET",
  NATIONAL_PROGRAMME = "NATIONAL_PROGRAMME",
  POLICY_CREDIT = "POLICY_CREDIT",
  FOR_THE_POOR_FUND = "FOR_THE_POOR_FUND",
  CONTRIBUTIONS = "CONTRIBUTIONS",
}
registerEnumType(FundingKind, {
  name: "FundingKind",
  description: "Kinds of funding in the plan's section IV.",
});

@ObjectType({
  description:
    "A year's budget of a funding source and how much of it is allocated and spent. Amounts are whole VND.",
})
export class FundingBudget {
  @Field(() => Int)
  year!: number;

  @Field(() => GraphQLSafeInt)
  amount!: number;

  @Field(() => GraphQLSafeInt, {
    description:
      "Allocated to tasks and not released (cancelled or reassigned tasks release theirs).",
  })
  allocated!: number;

  @Field(() => GraphQLSafeInt, { description: "Spent: recorded when the funded task completed." })
  spent!: number;

  @Field(() => GraphQLSafeInt)
  remaining!: number;
}

@ObjectType({ description: "A source of the plan's money (section IV)." })
export class FundingSource {
  @Field(() => ID)
  id!: string;

  @Field()
  code!: string;

  @Field()
  name!: string;

  @Field(() => FundingKind)
  kind!: FundingKind;

  @Field(() => String, { nullable: true })
  legalBasis!: string | null;

  @Field(() => [FundingBudget])
  budgets!: FundingBudget[];
}

@ObjectType({ description: "Money of a source and year set aside for a task." })
export class FundingAllocation {
  @Field(() => ID)
  id!: string;

  @Field()
  sourceCode!: string;

  @Field(() => Int)
  year!: number;

  @Field(() => ID)
  taskId!: string;

  @Field(() => GraphQLSafeInt)
  amount!: number;

  @Field(() => GraphQLSafeInt, { nullable: true, description: "Set when the task completed." })
  spentAmount!: number | null;

  @Field(() => Date, { nullable: true })
  releasedAt!: Date | null;
}

@InputType()
export class FundingAllocationInput {
  @Field(() => ID)
  taskId!: string;

  @Field()
  sourceCode!: string;

  @Field(() => Int)
  year!: number;

  @Field(() => GraphQLSafeInt, { description: "Whole VND, more than 0." })
  amount!: number;
}
