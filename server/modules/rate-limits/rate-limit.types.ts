import { Field, Int, ObjectType } from "type-graphql";

@ObjectType({
  description:
    "Your cost budget: every operation spends its estimated cost; the budget is whole again at resetAt.",
})
export class RateLimit {
  @Field(() => Int, { description: "What this operation cost." })
  cost!: number;

  @Field(() => Int, { description: "Points per minute." })
  limit!: number;

  @Field(() => Int, { description: "Points spent in this minute, this operation included." })
  used!: number;

  @Field(() => Int)
  remaining!: number;

  @Field(() => Date, { description: "When the minute ends." })
  resetAt!: Date;
}
