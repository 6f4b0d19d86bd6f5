import { Field, ID, InputType } from "type-graphql";
import { TaskStatus } from "./task-assignment.entity";

@InputType({
  description:
    "Narrows tasks; every given condition must hold, each list matches any of its values.",
})
export class TaskFilter {
  @Field(() => [String], { nullable: true, description: "Tasks these agencies own or support." })
  agencyCodes?: string[];

  @Field(() => [String], { nullable: true, description: "Tasks these agencies own." })
  ownerAgencyCodes?: string[];

  @Field(() => [ID], { nullable: true, description: "Tasks of households of these wards." })
  wardIds?: string[];

  @Field(() => [String], {
    nullable: true,
    description:
      "Tasks of households of these wards, by GSO code as it is today (codes are reused across years).",
  })
  wardCodes?: string[];

  @Field(() => [TaskStatus], { nullable: true })
  statuses?: TaskStatus[];

  @Field(() => [String], { nullable: true, description: "Support measure codes." })
  measureCodes?: string[];

  @Field(() => ID, { nullable: true })
  householdId?: string;

  @Field({
    nullable: true,
    description: "Only tasks whose need went away (true) or did not (false).",
  })
  needGone?: boolean;

  @Field({
    nullable: true,
    description: "Only open tasks past their due date (true), or all others (false).",
  })
  overdue?: boolean;
}

@InputType({
  description: "Details of an open task; only the fields given change (null clears one).",
})
export class TaskDetailsInput {
  @Field(() => String, { nullable: true })
  assignee?: string | null;

  @Field(() => String, { nullable: true, description: "YYYY-MM-DD" })
  dueOn?: string | null;

  @Field(() => String, { nullable: true })
  notes?: string | null;
}
