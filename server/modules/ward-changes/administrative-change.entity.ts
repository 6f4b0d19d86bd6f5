import { Field, ID, ObjectType } from "type-graphql";
import { Column, Entity, PrimaryGeneratedColumn } from "typeorm";

@ObjectType({
  description:
    "A change of the ward map: predecessor wards end and their households and open tasks pass to the successor from the effective date.",
})
@Entity("administrative_change")
export class AdministrativeChange {
  @Field(() => ID)
  @PrimaryGeneratedColumn("uuid")
  id!: string;

  @Column({ name: "successor_ward_id", type: "uuid" })
  successorWardId!: string;

  /** Filled from administrative_change_predecessor by the service. */
  predecessorWardIds!: string[];

  @Field({ description: "First day of the new map (YYYY-MM-DD)." })
  @Column({ name: "effective_on", type: "date" })
  effectiveOn!: string;

  @Field(() => String, { nullable: true, description: "e.g. the Standing Committee's resolution." })
  @Column({ name: "legal_basis", type: "text", nullable: true })
  legalBasis!: string | null;

  @Column({ name: "recorded_by", type: "text" })
  recordedBy!: string;

  @Field(() => Date, {
    nullable: true,
    description: "When households and open tasks were moved; null until the effective date.",
  })
  @Column({ name: "applied_at", type: "timestamptz", nullable: true })
  appliedAt!: Date | null;
}
