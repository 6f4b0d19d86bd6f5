import { Field, ID, InputType, Int, ObjectType } from "type-graphql";

@ObjectType({
  description: "A capacity-building session (plan section III.6) and who attended, by level.",
})
export class TrainingSession {
  @Field(() => ID)
  id!: string;

  @Field({ description: "YYYY-MM-DD" })
  heldOn!: string;

  @Field()
  topic!: string;

  @Field()
  organiserAgencyCode!: string;

  @Field(() => Int, { description: "City and ward officials attending." })
  officialsAttending!: number;

  @Field(() => Int, { description: "Village and neighbourhood officers attending." })
  villageOfficersAttending!: number;
}

@InputType()
export class TrainingSessionInput {
  @Field({ description: "YYYY-MM-DD, not in the future." })
  heldOn!: string;

  @Field()
  topic!: string;

  @Field({ description: "Agency code, e.g. LABOUR." })
  organiserAgencyCode!: string;

  @Field(() => Int)
  officialsAttending!: number;

  @Field(() => Int)
  villageOfficersAttending!: number;
}

@ObjectType({
  description:
    "Capacity building up to a day against the plan's 250 people trained, over 145 of them village officers.",
})
export class CapacityBuildingProgress {
  @Field({ description: "YYYY-MM-DD" })
  asOf!: string;

  @Field(() => Int)
  sessions!: number;

  @Field(() => Int, { description: "Everyone trained: officials and village officers." })
  trained!: number;

  @Field(() => Int)
  villageOfficersTrained!: number;

  @Field(() => Int)
  trainedTarget!: number;

  @Field(() => Int)
  villageOfficersTarget!: number;
}
