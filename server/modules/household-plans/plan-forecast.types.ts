import { Field, Float, Int, ObjectType } from "type-graphql";
import { PlanTarget } from "../plan-targets";
import { PlanRiskReason } from "./household-plan.entity";

@ObjectType({
  description:
    "How many households planned to escape this year are at risk for one reason (a household may have several).",
})
export class RiskReasonCount {
  @Field(() => PlanRiskReason)
  reason!: PlanRiskReason;

  @Field(() => Int)
  households!: number;
}

@ObjectType({
  description: "A ward's (or the city's) plans for the year and where they lead by the year's end.",
})
export class WardForecast {
  wardId!: string | null;

  @Field(() => String, { nullable: true, description: "Null for the city." })
  wardCode!: string | null;

  @Field()
  wardName!: string;

  @Field(() => Int, {
    nullable: true,
    description:
      "All households of the ward in the year (the rates' denominator); null when not recorded.",
  })
  householdsTotal!: number | null;

  /** All households of the ward the year before: the denominator of the rates the year starts from. */
  householdsTotalBefore!: number | null;

  @Field(() => Int, { description: "Poor households on the lists now." })
  poorNow!: number;

  @Field(() => Int, { description: "Near-poor households on the lists now." })
  nearPoorNow!: number;

  @Field(() => Float, {
    nullable: true,
    description:
      "Poor households now per 100 households of the year before (the rate the year starts from).",
  })
  startPoorRate!: number | null;

  @Field(() => Float, { nullable: true })
  startNearPoorRate!: number | null;

  @Field(() => Int, {
    description: "Households on the lists with a plan in force (the latest plan up to the year).",
  })
  plans!: number;

  @Field(() => Int, { description: "Households on the lists with no plan in force." })
  withoutPlan!: number;

  @Field(() => Int, { description: "Registered to escape this year." })
  registered!: number;

  @Field(() => Int, { description: "Expected to escape this year." })
  expected!: number;

  @Field(() => Int, {
    description: "Not expected to escape during the plan (protected households).",
  })
  notExpected!: number;

  @Field(() => Int, {
    description:
      "Planned to escape this year with no risk reason: every task on schedule, funding allocated, a mentor, a signed commitment.",
  })
  onTrack!: number;

  @Field(() => Int, { description: "Planned to escape this year with at least one risk reason." })
  atRisk!: number;

  @Field(() => [RiskReasonCount])
  atRiskReasons!: RiskReasonCount[];

  @Field(() => Int, {
    description:
      "Poor households now, less the poor households on track to escape by the year's end.",
  })
  projectedPoor!: number;

  @Field(() => Int, {
    description:
      "Near-poor households now, less the near-poor households on track to escape by the year's end.",
  })
  projectedNearPoor!: number;

  @Field(() => Float, { nullable: true, description: "Per 100 households of the year." })
  projectedPoorRate!: number | null;

  @Field(() => Float, { nullable: true })
  projectedNearPoorRate!: number | null;

  @Field(() => Float, {
    nullable: true,
    description: "Projected poor plus near-poor per 100 households of the year.",
  })
  projectedMultidimensionalRate!: number | null;
}

@ObjectType({ description: "A plan target of the year set against the forecast." })
export class ForecastTarget {
  @Field(() => PlanTarget)
  target!: PlanTarget;

  @Field(() => Float, {
    nullable: true,
    description:
      "The forecast in the target's unit; null when it cannot be computed (see explanation).",
  })
  projected!: number | null;

  @Field(() => Boolean, { nullable: true, description: "Whether the forecast reaches the target." })
  met!: boolean | null;

  @Field()
  explanation!: string;
}

@ObjectType({
  description:
    "Where the households' escape plans lead by the end of a year, against the plan's targets; rule-based, each figure explained.",
})
export class PlanForecast {
  @Field(() => Int)
  year!: number;

  @Field(() => String, { nullable: true })
  wardCode!: string | null;

  @Field(() => WardForecast, {
    nullable: true,
    description: "The whole city; null when the forecast is for one ward.",
  })
  city!: WardForecast | null;

  @Field(() => [WardForecast])
  wards!: WardForecast[];

  @Field(() => [ForecastTarget])
  targets!: ForecastTarget[];

  @Field(() => [String], { description: "The rules the forecast applies, in words." })
  rules!: string[];
}
