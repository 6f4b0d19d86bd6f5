import { Field, ObjectType, registerEnumType } from "type-graphql";
import { GraphQLJSONObject } from "graphql-scalars";
import { Column, Entity, PrimaryColumn } from "typeorm";

export enum TaskEventKind {
  ROUTED = "ROUTED",
  ACCEPTED = "ACCEPTED",
  STARTED = "STARTED",
  COMPLETED = "COMPLETED",
  DECLINED = "DECLINED",
  CANCELLED = "CANCELLED",
  REASSIGNED = "REASSIGNED",
  COMMENTED = "COMMENTED",
  UPDATED = "UPDATED",
  NEED_GONE = "NEED_GONE",
  NEED_RETURNED = "NEED_RETURNED",
  MOVED = "MOVED",
  OVERDUE = "OVERDUE",
  PLAN_AT_RISK = "PLAN_AT_RISK",
}
registerEnumType(TaskEventKind, {
  name: "TaskEventKind",
  valuesConfig: {
    UPDATED: { description: "Assignee, due date or notes changed." },
    MOVED: { description: "An administrative change moved the household to the successor ward." },
    OVERDUE: {
      description:
        "The task is past its due date: escalated to its ward and the secretariat, once per overdue step.",
    },
    PLAN_AT_RISK: {
      description:
        "This task's change put its household's escape plan at risk; the comment gives the plan's year and reasons.",
    },
  },
});

/**
 * One change of a task, written in the transaction that made the change: the audit trail and the
 * only source of notifications. Its delivery position (writing transaction's id, then id) lives in
 * the `tx_id` column, read only by the notification feed.
 */
@ObjectType({
  description: "One change of a task: who, when, what, and the task before and after.",
})
@Entity("task_event")
export class TaskEvent {
  @Field(() => String, {
    description: "Sequence number of the event (not its delivery order; use the cursor to resume).",
  })
  @PrimaryColumn({ type: "bigint" })
  id!: string;

  @Column({ name: "task_id", type: "uuid" })
  taskId!: string;

  @Column({ name: "household_id", type: "uuid" })
  householdId!: string;

  @Column({ name: "ward_id", type: "uuid" })
  wardId!: string;

  @Column({ name: "owner_agency_id", type: "uuid" })
  ownerAgencyId!: string;

  @Column({ name: "supporting_agency_ids", type: "uuid", array: true })
  supportingAgencyIds!: string[];

  @Column({ name: "also_notify_agency_ids", type: "uuid", array: true })
  alsoNotifyAgencyIds!: string[];

  @Field(() => TaskEventKind)
  @Column({ type: "text" })
  kind!: TaskEventKind;

  @Field({ description: "Who made the change." })
  @Column({ type: "text" })
  actor!: string;

  @Field(() => Date)
  @Column({ type: "timestamptz" })
  at!: Date;

  @Field(() => GraphQLJSONObject, {
    nullable: true,
    description: "The task's fields before the change (null when it was created).",
  })
  @Column({ type: "jsonb", nullable: true })
  before!: Record<string, unknown> | null;

  @Field(() => GraphQLJSONObject, { description: "The task's fields after the change." })
  @Column({ type: "jsonb" })
  after!: Record<string, unknown>;

  @Field(() => String, { nullable: true })
  @Column({ type: "text", nullable: true })
  comment!: string | null;
}
