import { Field, ID, InputType, Int } from "type-graphql";
import { TargetMetric } from "./plan-target.entity";

@InputType({ description: "Narrows plan targets; every given condition must hold." })
export class PlanTargetFilter {
  @Field(() => Int, {
    nullable: true,
    description: "Targets for this year, and those for the whole plan period.",
  })
  year?: number;

  @Field(() => [TargetMetric], { nullable: true })
  metrics?: TargetMetric[];

  @Field(() => [String], {
    nullable: true,
    description: "Support measure codes, e.g. JOB_REFERRAL.",
  })
  measureCodes?: string[];

  @Field(() => [ID], { nullable: true })
  wardIds?: string[];
}
