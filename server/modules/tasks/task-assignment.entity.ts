import { Field, ID, Int, ObjectType, registerEnumType } from "type-graphql";
import { PERSONAL_DATA_READERS, RestrictTo } from "../../shared/auth";
import { Column, Entity, PrimaryGeneratedColumn } from "typeorm";
import type { Household } from "../households";

export enum TaskStatus {
  ROUTED = "ROUTED",
  ACCEPTED = "ACCEPTED",
  IN_PROGRESS = "IN_PROGRESS",
  COMPLETED = "COMPLETED",
  DECLINED = "DECLINED",
  CANCELLED = "CANCELLED",
  REASSIGNED = "REASSIGNED",
}
registerEnumType(TaskStatus, {
  name: "TaskStatus",
  valuesConfig: {
    ROUTED: { description: "Routed to the owning agency, not yet accepted." },
    DECLINED: {
      description:
        "Declined by the owner with a reason; back with LABOUR to re-route (reassign) or cancel.",
    },
    REASSIGNED: { description: "Handed to another agency; the new task is `reassignedTo`." },
  },
});

/** Statuses in which a task still needs someone to act: at most one such task per household and measure. */
/** Statuses of tasks an agency is working on: they can fall due, be escalated and receive money. */
export const WORKING_TASK_STATUSES = [
  TaskStatus.ROUTED,
  TaskStatus.ACCEPTED,
  TaskStatus.IN_PROGRESS,
];
export const OPEN_TASK_STATUSES = [...WORKING_TASK_STATUSES, TaskStatus.DECLINED];

@ObjectType({
  description:
    "A support measure for one household, owned by one agency, with supporting agencies.",
})
@Entity("task_assignment")
export class TaskAssignment {
  @Field(() => ID)
  @PrimaryGeneratedColumn("uuid")
  id!: string;

  @Column({ name: "household_id", type: "uuid" })
  householdId!: string;

  /** The household, when a page read it in the same statement (with the columns the query asks for); unset otherwise. */
  household?: Household;

  @Column({ name: "ward_id", type: "uuid" })
  wardId!: string;

  @Column({ name: "measure_id", type: "uuid" })
  measureId!: string;

  @Column({ name: "owner_agency_id", type: "uuid" })
  ownerAgencyId!: string;

  @Column({ name: "supporting_agency_ids", type: "uuid", array: true })
  supportingAgencyIds!: string[];

  @Field(() => TaskStatus)
  @Column({ type: "text" })
  status!: TaskStatus;

  @RestrictTo(...PERSONAL_DATA_READERS)
  @Field(() => String, {
    nullable: true,
    description: "The person at the owning agency who handles it.",
  })
  @Column({ type: "text", nullable: true })
  assignee!: string | null;

  @Field(() => String, { nullable: true, description: "YYYY-MM-DD" })
  @Column({ name: "due_on", type: "date", nullable: true })
  dueOn!: string | null;

  @RestrictTo(...PERSONAL_DATA_READERS)
  @Field(() => String, { nullable: true })
  @Column({ type: "text", nullable: true })
  notes!: string | null;

  @RestrictTo(...PERSONAL_DATA_READERS)
  @Field(() => String, {
    nullable: true,
    description: "What the support achieved; set on completion.",
  })
  @Column({ type: "text", nullable: true })
  outcome!: string | null;

  @RestrictTo(...PERSONAL_DATA_READERS)
  @Field(() => String, { nullable: true })
  @Column({ name: "decline_reason", type: "text", nullable: true })
  declineReason!: string | null;

  @RestrictTo(...PERSONAL_DATA_READERS)
  @Field(() => String, { nullable: true })
  @Column({ name: "cancel_reason", type: "text", nullable: true })
  cancelReason!: string | null;

  @Field({
    description:
      "The household's assessment no longer shows the need this task answers; the owner decides what to do.",
  })
  @Column({ name: "need_gone", type: "boolean" })
  needGone!: boolean;

  @Column({ name: "rule_id", type: "uuid", nullable: true })
  ruleId!: string | null;

  @Field(() => Int, {
    nullable: true,
    description: "Version of the routing rule that made the task.",
  })
  @Column({ name: "rule_version", type: "integer", nullable: true })
  ruleVersion!: number | null;

  @Column({ name: "reassigned_from_task_id", type: "uuid", nullable: true })
  reassignedFromTaskId!: string | null;

  @Field(() => Int, {
    description: "Increases with every change; pass it back to change the task.",
  })
  @Column({ type: "integer" })
  version!: number;

  @Field(() => Date)
  @Column({ name: "created_at", type: "timestamptz" })
  createdAt!: Date;

  @Field(() => Date)
  @Column({ name: "updated_at", type: "timestamptz" })
  updatedAt!: Date;
}
