import { Field, ID, Int, ObjectType } from "type-graphql";
import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from "typeorm";
import { Area, Classification, DeprivationIndicator, PovertyCause } from "../households";

@ObjectType({
  description:
    "A rule of the plan: households with a need get a support measure owned by an agency. Changes make new versions.",
})
@Entity("routing_rule")
export class RoutingRule {
  @Field(() => ID)
  @PrimaryGeneratedColumn("uuid")
  id!: string;

  @Field({ description: "Stable code, e.g. DEPRIVATION.TELECOM_SERVICES." })
  @Column({ type: "text" })
  code!: string;

  @Field(() => Int)
  @Column({ name: "current_version", type: "integer" })
  currentVersion!: number;
}

@ObjectType({
  description: "One version of a routing rule; tasks record the version that made them.",
})
@Entity("routing_rule_version")
export class RoutingRuleVersion {
  @PrimaryColumn({ name: "rule_id", type: "uuid" })
  ruleId!: string;

  @Field(() => Int)
  @PrimaryColumn({ type: "integer" })
  version!: number;

  @Field()
  @Column({ type: "boolean" })
  enabled!: boolean;

  @Field(() => DeprivationIndicator, {
    nullable: true,
    description: "Matches households deprived in this indicator.",
  })
  @Column({ type: "text", nullable: true })
  deprivation!: DeprivationIndicator | null;

  @Field(() => PovertyCause, {
    nullable: true,
    description: "Matches households with this poverty cause.",
  })
  @Column({ name: "poverty_cause", type: "smallint", nullable: true })
  povertyCause!: PovertyCause | null;

  @Field(() => Classification, {
    nullable: true,
    description: "Matches households with this recorded classification.",
  })
  @Column({ type: "text", nullable: true })
  classification!: Classification | null;

  @Column({ name: "ward_id", type: "uuid", nullable: true })
  wardId!: string | null;

  @Field(() => Area, {
    nullable: true,
    description: "Narrows the rule to urban or rural households.",
  })
  @Column({ type: "text", nullable: true })
  area!: Area | null;

  @Column({ name: "measure_id", type: "uuid" })
  measureId!: string;

  @Column({ name: "owner_agency_id", type: "uuid" })
  ownerAgencyId!: string;

  @Column({ name: "supporting_agency_ids", type: "uuid", array: true })
  supportingAgencyIds!: string[];

  @Field(() => String, { nullable: true })
  @Column({ type: "text", nullable: true })
  description!: string | null;

  @Field()
  @Column({ name: "changed_by", type: "text" })
  changedBy!: string;

  @Field(() => Date)
  @Column({ name: "changed_at", type: "timestamptz" })
  changedAt!: Date;
}
