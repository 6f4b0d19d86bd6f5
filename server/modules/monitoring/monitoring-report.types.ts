import { GraphQLSafeInt } from "graphql-scalars";
import { Field, Float, Int, ObjectType } from "type-graphql";
import { CapacityBuildingProgress } from "../training/training.types";

@ObjectType({
  description:
    "An agency's work on a measure in the period: task events counted by kind, against the plan's target.",
})
export class AgencyMeasureProgress {
  @Field() agencyCode!: string;
  @Field() agencyName!: string;
  @Field() measureCode!: string;
  @Field() measureName!: string;
  @Field(() => Int, { description: "Tasks routed to the agency in the period." }) routed!: number;
  @Field(() => Int) accepted!: number;
  @Field(() => Int) completed!: number;
  @Field(() => Int) declined!: number;
  @Field(() => Int, { description: "Tasks escalated as overdue in the period." }) overdue!: number;
  @Field(() => Float, {
    nullable: true,
    description:
      "The plan's beneficiaries target for the whole measure (where the plan states two, the larger).",
  })
  target!: number | null;
}

@ObjectType({
  description:
    "A ward's households by classification at the end of the period, the period's changes, and the rate against its target.",
})
export class WardProgress {
  @Field(() => String, { nullable: true, description: "Null for the city." }) wardCode!:
    string | null;
  @Field() wardName!: string;
  @Field(() => Int, { nullable: true }) householdsTotal!: number | null;
  @Field(() => Int) poor!: number;
  @Field(() => Int) nearPoor!: number;
  @Field(() => Float, { nullable: true }) poorRate!: number | null;
  @Field(() => Float, { nullable: true }) nearPoorRate!: number | null;
  @Field(() => Int) escapedPoverty!: number;
  @Field(() => Int) escapedNearPoverty!: number;
  @Field(() => Int) newlyPoor!: number;
  @Field(() => Int) rePoor!: number;
  @Field(() => Int, {
    nullable: true,
    description:
      "The plan's poor-household target for the ward (or city) in the period's last year.",
  })
  poorHouseholdsTarget!: number | null;
}

@ObjectType({
  description:
    "A funding source's money: budgets of the period's years, allocated and spent within the period (whole VND).",
})
export class FundFlow {
  @Field() sourceCode!: string;
  @Field() sourceName!: string;
  @Field(() => GraphQLSafeInt) budget!: number;
  @Field(() => GraphQLSafeInt) allocated!: number;
  @Field(() => GraphQLSafeInt) spent!: number;
}

@ObjectType({
  description:
    "Capacity building: sessions and people trained in the period, and the running totals at its end.",
})
export class CapacityInPeriod {
  @Field(() => Int) sessions!: number;
  @Field(() => Int) trained!: number;
  @Field(() => Int) villageOfficersTrained!: number;
  @Field(() => CapacityBuildingProgress) toDate!: CapacityBuildingProgress;
}

@ObjectType({
  description:
    "The periodic monitoring report of plan sections III.7 and V: per agency and measure, per ward, funds and capacity building.",
})
export class MonitoringReport {
  @Field({ description: "YYYY-MM-DD, inclusive" }) from!: string;
  @Field({ description: "YYYY-MM-DD, inclusive" }) to!: string;
  @Field(() => [AgencyMeasureProgress]) agencyMeasures!: AgencyMeasureProgress[];
  @Field(() => WardProgress) city!: WardProgress;
  @Field(() => [WardProgress]) wards!: WardProgress[];
  @Field(() => [FundFlow]) funds!: FundFlow[];
  @Field(() => CapacityInPeriod) capacity!: CapacityInPeriod;
}
