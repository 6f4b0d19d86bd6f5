import { GraphQLJSONObject } from "graphql-scalars";
import { Field, ObjectType, registerEnumType } from "type-graphql";
import { Column, Entity, PrimaryColumn } from "typeorm";

export enum PlanEventKind {
  CREATED = "CREATED",
  UPDATED = "UPDATED",
  MEASURE_ADDED = "MEASURE_ADDED",
  FUNDING_LINE_ADDED = "FUNDING_LINE_ADDED",
  FUNDING_ALLOCATED = "FUNDING_ALLOCATED",
  IMPORTED = "IMPORTED",
}
registerEnumType(PlanEventKind, { name: "PlanEventKind" });

/** One change of a household plan, written in the transaction that made it: the plan's audit trail. */
@ObjectType({
  description: "One change of a household plan: who, when, what, and the plan before and after.",
})
@Entity("household_plan_event")
export class HouseholdPlanEvent {
  @Field(() => String)
  @PrimaryColumn({ type: "bigint" })
  id!: string;

  @Column({ name: "plan_id", type: "uuid" })
  planId!: string;

  @Field(() => PlanEventKind)
  @Column({ type: "text" })
  kind!: PlanEventKind;

  @Field()
  @Column({ type: "text" })
  actor!: string;

  @Field(() => Date)
  @Column({ type: "timestamptz" })
  at!: Date;

  @Field(() => GraphQLJSONObject, { nullable: true })
  @Column({ type: "jsonb", nullable: true })
  before!: Record<string, unknown> | null;

  @Field(() => GraphQLJSONObject)
  @Column({ type: "jsonb" })
  after!: Record<string, unknown>;

  @Field(() => String, { nullable: true })
  @Column({ type: "text", nullable: true })
  comment!: string | null;
}
