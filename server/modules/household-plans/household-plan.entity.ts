import { GraphQLSafeInt } from "graphql-scalars";
import { Field, ID, Int, ObjectType, registerEnumType } from "type-graphql";
import { Column, Entity, PrimaryGeneratedColumn } from "typeorm";
import { Cost } from "../../shared/cost";

export enum PlanStatus {
  REGISTERED = "REGISTERED",
  EXPECTED = "EXPECTED",
  NOT_EXPECTED = "NOT_EXPECTED",
}
registerEnumType(PlanStatus, {
  name: "PlanStatus",
  valuesConfig: {
    REGISTERED: {
      description:
        "The household registered to escape poverty (đăng ký thoát nghèo) in its target year.",
    },
    EXPECTED: { description: "The ward expects the household able to escape in its target year." },
    NOT_EXPECTED: {
      description:
        "Not expected to escape during the plan: a protected household, with the reason.",
    },
  },
});

export enum NotExpectedReason {
  NO_WORKING_AGE_MEMBER = "NO_WORKING_AGE_MEMBER",
  LONG_ILLNESS = "LONG_ILLNESS",
  DISABILITY = "DISABILITY",
  ELDERLY_ALONE = "ELDERLY_ALONE",
  OTHER_PROTECTED = "OTHER_PROTECTED",
}
registerEnumType(NotExpectedReason, {
  name: "NotExpectedReason",
  description: "Why a protected household is not expected to escape poverty during the plan.",
});

export enum PlanRiskReason {
  TASK_OVERDUE = "TASK_OVERDUE",
  TASK_DECLINED = "TASK_DECLINED",
  FUNDING_NOT_ALLOCATED = "FUNDING_NOT_ALLOCATED",
  NO_MENTOR = "NO_MENTOR",
  NO_SIGNED_COMMITMENT = "NO_SIGNED_COMMITMENT",
}
registerEnumType(PlanRiskReason, {
  name: "PlanRiskReason",
  valuesConfig: {
    TASK_OVERDUE: { description: "A task of the household is open past its due date." },
    TASK_DECLINED: {
      description: "A task of the household was declined and waits for the secretariat.",
    },
    FUNDING_NOT_ALLOCATED: {
      description: "A funding line of the plan has no allocation (or its allocation was released).",
    },
    NO_MENTOR: { description: "No official follows and helps the household." },
    NO_SIGNED_COMMITMENT: { description: "The household has not signed its commitment." },
  },
});

@ObjectType({
  description:
    "An official who follows and helps a household (cán bộ theo dõi, giúp đỡ): of the household's ward, or of an agency.",
})
export class PlanMentor {
  @Field()
  name!: string;

  @Field({
    description:
      "The official's user id (the token's subject): their \"my households\" lists this plan.",
  })
  userId!: string;

  @Field(() => String, {
    nullable: true,
    description: "The ward the official works for (the household's own).",
  })
  wardCode!: string | null;

  @Field(() => String, { nullable: true, description: "The agency the official works for." })
  agencyCode!: string | null;
}

@ObjectType({
  description:
    "Money the plan counts on for one of its tasks, from a funding source; allocated through the funding ledger.",
})
export class PlanFundingLine {
  @Field(() => ID)
  id!: string;

  @Field(() => ID)
  taskId!: string;

  @Field()
  sourceCode!: string;

  @Field(() => GraphQLSafeInt, { description: "Whole VND." })
  amount!: number;

  @Field(() => ID, {
    nullable: true,
    description:
      "The funding allocation made for the line; null until Finance and Planning allocates it.",
  })
  allocationId!: string | null;
}

@ObjectType({
  description:
    "A poor or near-poor household's escape plan for one year (plan 139/KH-UBND, section V: ward duties).",
})
@Entity("household_plan")
export class HouseholdPlan {
  @Field(() => ID)
  @PrimaryGeneratedColumn("uuid")
  id!: string;

  @Column({ name: "household_id", type: "uuid" })
  householdId!: string;

  /** The household's ward and classification now (a trigger keeps them): what the forecast's counts are keyed by. */
  @Column({ name: "ward_id", type: "uuid" })
  wardId!: string;

  @Column({ type: "text" })
  classification!: string;

  /** The year of the household's next plan, if it has one: this plan is in force for the years before it. */
  @Column({ name: "superseded_in", type: "smallint", nullable: true })
  supersededIn!: number | null;

  @Field(() => Int, { description: "The year the plan is for." })
  @Column({ type: "smallint" })
  year!: number;

  @Field(() => PlanStatus)
  @Column({ type: "text" })
  status!: PlanStatus;

  @Field(() => NotExpectedReason, { nullable: true })
  @Column({ name: "not_expected_reason", type: "text", nullable: true })
  notExpectedReason!: NotExpectedReason | null;

  @Field(() => Int, {
    nullable: true,
    description: "The year the household is to escape (2024 or 2025); null when not expected.",
  })
  @Column({ name: "target_year", type: "smallint", nullable: true })
  targetYear!: number | null;

  @Field(() => String, {
    nullable: true,
    description: "The community production model or project the household joins.",
  })
  @Column({ name: "production_model", type: "text", nullable: true })
  productionModel!: string | null;

  @Cost(0, { assumedSize: 3 })
  @Field(() => [PlanMentor])
  @Column({ type: "jsonb" })
  mentors!: PlanMentor[];

  /** Exposed through HouseholdPlanResolver.fundingLines: an agency sees the lines of its own tasks. */
  @Column({ name: "funding_lines", type: "jsonb" })
  fundingLines!: PlanFundingLine[];

  @Field(() => String, {
    nullable: true,
    description: "YYYY-MM-DD the household signed its commitment.",
  })
  @Column({ name: "commitment_signed_on", type: "date", nullable: true })
  commitmentSignedOn!: string | null;

  @Field(() => String, {
    nullable: true,
    description: "YYYY-MM-DD the ward chair approved the plan.",
  })
  @Column({ name: "chair_approved_on", type: "date", nullable: true })
  chairApprovedOn!: string | null;

  @Cost(0, { assumedSize: 5 })
  @Field(() => [PlanRiskReason], {
    description:
      "Why the plan is at risk, as last evaluated (on every change of the plan or of the household's tasks); empty: on track.",
  })
  @Column({ name: "risk_reasons", type: "text", array: true })
  riskReasons!: PlanRiskReason[];

  @Field(() => Int, {
    description: "Increases with every change; pass it back to change the plan.",
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
