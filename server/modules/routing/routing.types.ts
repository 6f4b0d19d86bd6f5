import { Field, Int, ObjectType } from "type-graphql";
import { Household } from "../households";
import { TaskAssignment } from "../tasks";

@ObjectType({
  description:
    "What routing did: tasks it created and open tasks that already answered the same needs.",
})
export class RoutingResult {
  @Field(() => Int)
  householdsEvaluated!: number;

  @Field(() => Int)
  createdCount!: number;

  @Field(() => Int)
  existingCount!: number;

  @Field(() => [TaskAssignment], {
    description: "Created tasks (the first 1,000 when listsTruncated).",
  })
  created!: TaskAssignment[];

  @Field(() => [TaskAssignment], {
    description: "Open tasks that already existed (the first 1,000 when listsTruncated).",
  })
  existing!: TaskAssignment[];

  @Field({
    description:
      "True when more tasks were created or found than the lists hold; the counts are complete.",
  })
  listsTruncated!: boolean;
}

@ObjectType({ description: "A household's new assessment and what it changed in its tasks." })
export class AssessmentResult {
  @Field(() => Household)
  household!: Household;

  @Field(() => RoutingResult, { description: "Tasks for the needs the assessment shows." })
  routing!: RoutingResult;

  @Field(() => [TaskAssignment], {
    description: "Open tasks whose need went away: flagged for their owner, never deleted.",
  })
  needGone!: TaskAssignment[];

  @Field(() => [TaskAssignment], {
    description: "Flagged tasks whose need came back: flag cleared.",
  })
  needReturned!: TaskAssignment[];
}
