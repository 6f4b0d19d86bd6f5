import { Field, InputType, Int, ObjectType } from "type-graphql";
import {
  Area,
  Classification,
  DeprivationDimension,
  DeprivationIndicator,
  PovertyCause,
} from "../households";
import { TaskStatus } from "../tasks";

@InputType({ description: "Keeps groups whose count satisfies every given bound." })
export class CountConditionInput {
  @Field(() => Int, { nullable: true }) eq?: number;
  @Field(() => Int, { nullable: true }) gt?: number;
  @Field(() => Int, { nullable: true }) gte?: number;
  @Field(() => Int, { nullable: true }) lt?: number;
  @Field(() => Int, { nullable: true }) lte?: number;
}

@ObjectType({
  description:
    "One group of a stats answer: the values of the grouped dimensions (others null) and the counts.",
})
export class StatsRow {
  wardId!: string | null;
  measureId!: string | null;
  agencyId!: string | null;

  @Field(() => Area, { nullable: true }) area!: Area | null;
  @Field(() => Classification, { nullable: true }) classification!: Classification | null;
  @Field(() => DeprivationIndicator, { nullable: true }) deprivation!: DeprivationIndicator | null;
  @Field(() => DeprivationDimension, { nullable: true }) dimension!: DeprivationDimension | null;
  @Field(() => PovertyCause, { nullable: true }) povertyCause!: PovertyCause | null;
  @Field(() => TaskStatus, { nullable: true }) taskStatus!: TaskStatus | null;
  @Field(() => Int, { nullable: true }) year!: number | null;

  @Field(() => Int, {
    description:
      "Rows in the group: tasks when tasks are counted, else households (× deprivations or causes when grouped by them).",
  })
  count!: number;

  @Field(() => Int, { description: "Distinct households in the group." })
  households!: number;
}
