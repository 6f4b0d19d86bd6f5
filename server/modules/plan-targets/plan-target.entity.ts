import { Field, Float, ID, Int, ObjectType, registerEnumType } from "type-graphql";
import { Column, Entity, PrimaryGeneratedColumn } from "typeorm";
import { Classification, DeprivationIndicator, PovertyCause } from "../households";

export enum TargetMetric {
  POOR_RATE_REDUCTION = "POOR_RATE_REDUCTION",
  NEAR_POOR_RATE_REDUCTION = "NEAR_POOR_RATE_REDUCTION",
  MULTIDIMENSIONAL_POVERTY_RATE = "MULTIDIMENSIONAL_POVERTY_RATE",
  POOR_HOUSEHOLDS = "POOR_HOUSEHOLDS",
  WARDS_WITHOUT_POOR_HOUSEHOLDS = "WARDS_WITHOUT_POOR_HOUSEHOLDS",
  MEASURE_BENEFICIARIES = "MEASURE_BENEFICIARIES",
  OFFICIALS_TRAINED = "OFFICIALS_TRAINED",
  VILLAGE_OFFICERS_TRAINED = "VILLAGE_OFFICERS_TRAINED",
}
registerEnumType(TargetMetric, { name: "TargetMetric" });

export enum TargetUnit {
  HOUSEHOLDS = "HOUSEHOLDS",
  WORKERS = "WORKERS",
  HOUSES = "HOUSES",
  PEOPLE = "PEOPLE",
  WARDS = "WARDS",
  PERCENT = "PERCENT",
  PERCENTAGE_POINTS = "PERCENTAGE_POINTS",
}
registerEnumType(TargetUnit, { name: "TargetUnit" });

@ObjectType({
  description:
    "A target of the plan (section II, the per-cause and per-deprivation measure counts, section III.6), for a year or the whole plan, optionally for one ward or measure.",
})
@Entity("plan_target")
export class PlanTarget {
  @Field(() => ID)
  @PrimaryGeneratedColumn("uuid")
  id!: string;

  @Field({ description: "Stable code, e.g. 2024.POOR_RATE_REDUCTION." })
  @Column({ type: "text" })
  code!: string;

  @Field(() => TargetMetric)
  @Column({ type: "text" })
  metric!: TargetMetric;

  @Field(() => Int, {
    nullable: true,
    description: "Year the target is for; null for the whole plan period 2024–2025.",
  })
  @Column({ type: "smallint", nullable: true })
  year!: number | null;

  @Column({ name: "ward_id", type: "uuid", nullable: true })
  wardId!: string | null;

  @Column({ name: "measure_id", type: "uuid", nullable: true })
  measureId!: string | null;

  @Field(() => DeprivationIndicator, {
    nullable: true,
    description: "The deprivation the target's beneficiaries have, where the plan says.",
  })
  @Column({ type: "text", nullable: true })
  deprivation!: DeprivationIndicator | null;

  @Field(() => [PovertyCause], {
    nullable: true,
    description: "The poverty causes the target's beneficiaries have, where the plan says.",
  })
  @Column({ name: "poverty_causes", type: "smallint", array: true, nullable: true })
  povertyCauses!: PovertyCause[] | null;

  @Field(() => Classification, { nullable: true })
  @Column({ type: "text", nullable: true })
  classification!: Classification | null;

  @Field(() => Float)
  @Column({
    type: "numeric",
    precision: 14,
    scale: 4,
    transformer: { to: (v: number) => v, from: (v: string) => Number(v) },
  })
  value!: number;

  @Field(() => TargetUnit)
  @Column({ type: "text" })
  unit!: TargetUnit;

  @Field({ description: "Section of plan 139/KH-UBND the figure comes from." })
  @Column({ name: "plan_section", type: "text" })
  planSection!: string;

  @Field(() => String, {
    nullable: true,
    description: "Where the plan contradicts itself or a figure is interpreted, the note says so.",
  })
  @Column({ type: "text", nullable: true })
  note!: string | null;
}
