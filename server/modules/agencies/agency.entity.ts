import { Field, ID, ObjectType, registerEnumType } from "type-graphql";
import { Column, Entity, PrimaryGeneratedColumn } from "typeorm";

export enum AgencyKind {
  CITY_DEPARTMENT = "CITY_DEPARTMENT",
  PROVINCIAL_PARTNER = "PROVINCIAL_PARTNER",
  MASS_ORGANISATION = "MASS_ORGANISATION",
  WARD_PEOPLES_COMMITTEE = "WARD_PEOPLES_COMMITTEE",
}
registerEnumType(AgencyKind, { name: "AgencyKind" });

@ObjectType({
  description:
    "An agency that owns or supports support measures; every ward's People's Committee is one.",
})
@Entity("agency")
export class Agency {
  @Field(() => ID)
  @PrimaryGeneratedColumn("uuid")
  id!: string;

  @Field({ description: "Stable code, e.g. LABOUR, HEALTH_CENTRE, WARD:21550." })
  @Column({ type: "text" })
  code!: string;

  @Field({ description: "Vietnamese name, as in the plan." })
  @Column({ name: "name_vi", type: "text" })
  nameVi!: string;

  @Field()
  @Column({ name: "name_en", type: "text" })
  nameEn!: string;

  @Field(() => AgencyKind)
  @Column({ type: "text" })
  kind!: AgencyKind;

  @Field({
    description: "The plan's secretariat (LABOUR): declined tasks come back to it to be re-routed.",
  })
  @Column({ name: "is_secretariat", type: "boolean" })
  isSecretariat!: boolean;

  @Column({ name: "ward_id", type: "uuid", nullable: true })
  wardId!: string | null;
}
