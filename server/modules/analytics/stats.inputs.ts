import { Field, InputType, Int, registerEnumType } from "type-graphql";
import { TaskStatus } from "../tasks";
import {
  Area,
  Classification,
  DeprivationDimension,
  DeprivationIndicator,
  PovertyCause,
} from "../households";

export enum StatsDimension {
  WARD = "WARD",
  AREA = "AREA",
  CLASSIFICATION = "CLASSIFICATION",
  DEPRIVATION = "DEPRIVATION",
  DIMENSION = "DIMENSION",
  POVERTY_CAUSE = "POVERTY_CAUSE",
  MEASURE = "MEASURE",
  AGENCY = "AGENCY",
  TASK_STATUS = "TASK_STATUS",
  YEAR = "YEAR",
}
registerEnumType(StatsDimension, {
  name: "StatsDimension",
  description:
    "What stats can group by. MEASURE, AGENCY (the owner) and TASK_STATUS count tasks; YEAR is the year a task was routed, or without task dimensions the year of the review that classified the household.",
});

@InputType({
  description:
    "Matches a text value: equal to `eq`, or one of `in`. A code that names nothing is refused (BAD_USER_INPUT).",
})
export class CodeCondition {
  @Field(() => String, { nullable: true }) eq?: string;
  @Field(() => [String], { nullable: true }) in?: string[];
}

@InputType()
export class ClassificationCondition {
  @Field(() => Classification, { nullable: true }) eq?: Classification;
  @Field(() => [Classification], { nullable: true }) in?: Classification[];
}

@InputType({ description: "Households deprived in the indicator (eq), or in any of (in)." })
export class DeprivationCondition {
  @Field(() => DeprivationIndicator, { nullable: true }) eq?: DeprivationIndicator;
  @Field(() => [DeprivationIndicator], { nullable: true }) in?: DeprivationIndicator[];
}

@InputType({
  description: "Households deprived in an indicator of the dimension (eq), or of any of (in).",
})
export class DimensionCondition {
  @Field(() => DeprivationDimension, { nullable: true }) eq?: DeprivationDimension;
  @Field(() => [DeprivationDimension], { nullable: true }) in?: DeprivationDimension[];
}

@InputType()
export class PovertyCauseCondition {
  @Field(() => PovertyCause, { nullable: true }) eq?: PovertyCause;
  @Field(() => [PovertyCause], { nullable: true }) in?: PovertyCause[];
}

@InputType()
export class AreaCondition {
  @Field(() => Area, { nullable: true }) eq?: Area;
}

@InputType()
export class TaskStatusCondition {
  @Field(() => TaskStatus, { nullable: true }) eq?: TaskStatus;
  @Field(() => [TaskStatus], { nullable: true }) in?: TaskStatus[];
}

@InputType({ description: "Compares a number: every given bound must hold." })
export class IntCondition {
  @Field(() => Int, { nullable: true }) eq?: number;
  @Field(() => [Int], { nullable: true }) in?: number[];
  @Field(() => Int, { nullable: true }) gt?: number;
  @Field(() => Int, { nullable: true }) gte?: number;
  @Field(() => Int, { nullable: true }) lt?: number;
  @Field(() => Int, { nullable: true }) lte?: number;
}

@InputType({
  description:
    "Conditions on households and their tasks; every given field must hold; combine with and / or / not.",
})
export class StatsFilter {
  @Field(() => [StatsFilter], {
    nullable: true,
    description: "Every one of these holds (an empty list: no condition).",
  })
  and?: StatsFilter[];
  @Field(() => [StatsFilter], {
    nullable: true,
    description: "At least one of these holds (an empty list: nothing matches).",
  })
  or?: StatsFilter[];
  @Field(() => StatsFilter, { nullable: true }) not?: StatsFilter;
  @Field(() => CodeCondition, { nullable: true, description: "Ward GSO code." })
  ward?: CodeCondition;
  @Field(() => AreaCondition, { nullable: true }) area?: AreaCondition;
  @Field(() => ClassificationCondition, { nullable: true })
  classification?: ClassificationCondition;
  @Field(() => DeprivationCondition, { nullable: true }) deprivation?: DeprivationCondition;
  @Field(() => DimensionCondition, { nullable: true }) dimension?: DimensionCondition;
  @Field(() => PovertyCauseCondition, { nullable: true }) povertyCause?: PovertyCauseCondition;
  @Field(() => CodeCondition, { nullable: true, description: "Support measure code of a task." })
  measure?: CodeCondition;
  @Field(() => CodeCondition, { nullable: true, description: "Owning agency code of a task." })
  agency?: CodeCondition;
  @Field(() => TaskStatusCondition, { nullable: true }) taskStatus?: TaskStatusCondition;
  @Field(() => IntCondition, { nullable: true }) year?: IntCondition;
}
