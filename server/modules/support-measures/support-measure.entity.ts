import { Field, ID, Int, ObjectType, registerEnumType } from "type-graphql";
import { Column, Entity, PrimaryGeneratedColumn } from "typeorm";

export enum BeneficiaryUnit {
  HOUSEHOLD = "HOUSEHOLD",
  WORKER = "WORKER",
  PERSON = "PERSON",
}
registerEnumType(BeneficiaryUnit, {
  name: "BeneficiaryUnit",
  description: "What the plan counts a measure's beneficiaries in.",
});

@ObjectType({
  description:
    "A support measure of the plan, led by one agency, within the national target programme where it belongs to one.",
})
@Entity("support_measure")
export class SupportMeasure {
  @Field(() => ID)
  @PrimaryGeneratedColumn("uuid")
  id!: string;

  @Field({ description: "Stable code, e.g. JOB_REFERRAL." })
  @Column({ type: "text" })
  code!: string;

  @Field()
  @Column({ name: "name_vi", type: "text" })
  nameVi!: string;

  @Field()
  @Column({ name: "name_en", type: "text" })
  nameEn!: string;

  @Column({ name: "lead_agency_id", type: "uuid" })
  leadAgencyId!: string;

  @Field(() => Int, {
    nullable: true,
    description:
      "Project (1–7) of the national target programme on sustainable poverty reduction 2021–2025.",
  })
  @Column({ name: "programme_project", type: "smallint", nullable: true })
  programmeProject!: number | null;

  @Field(() => Int, { nullable: true, description: "Sub-project within the project." })
  @Column({ name: "programme_sub_project", type: "smallint", nullable: true })
  programmeSubProject!: number | null;

  @Field(() => BeneficiaryUnit)
  @Column({ name: "beneficiary_unit", type: "text" })
  beneficiaryUnit!: BeneficiaryUnit;

  @Field(() => Int, { nullable: true, description: "Days from routing to a new task's due date." })
  @Column({ name: "default_due_days", type: "smallint", nullable: true })
  defaultDueDays!: number | null;

  @Field(() => String, {
    nullable: true,
    description: "Decision, law or resolution the measure rests on.",
  })
  @Column({ name: "legal_basis", type: "text", nullable: true })
  legalBasis!: string | null;
}
