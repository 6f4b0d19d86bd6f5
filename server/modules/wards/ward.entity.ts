import { Field, ID, ObjectType, registerEnumType } from "type-graphql";
import { Column, Entity, PrimaryGeneratedColumn } from "typeorm";

export enum WardKind {
  PHUONG = "PHUONG",
  XA = "XA",
}
registerEnumType(WardKind, {
  name: "WardKind",
  valuesConfig: {
    PHUONG: { description: "Urban ward (phường)" },
    XA: { description: "Rural commune (xã)" },
  },
});

@ObjectType({
  description:
    "A ward (phường) or commune (xã) of the city. GSO codes are reused after the 2025 reorganisation, so a ward is identified by its id; the code is unique only within its validity period.",
})
@Entity("ward")
export class Ward {
  @Field(() => ID)
  @PrimaryGeneratedColumn("uuid")
  id!: string;

  @Field({ description: "GSO administrative code, e.g. 21550." })
  @Column({ type: "varchar", length: 5 })
  code!: string;

  @Field()
  @Column({ type: "text" })
  name!: string;

  @Field(() => WardKind)
  @Column({ type: "text" })
  kind!: WardKind;

  @Field(() => String, {
    nullable: true,
    description: "First day the ward exists (YYYY-MM-DD); null when it predates our records.",
  })
  @Column({ name: "valid_from", type: "date", nullable: true })
  validFrom!: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      "First day the ward no longer exists (YYYY-MM-DD, exclusive); null while it exists.",
  })
  @Column({ name: "valid_until", type: "date", nullable: true })
  validUntil!: string | null;
}

@ObjectType({
  description: "Total households of a ward in a year: the denominator of its poverty rates.",
})
@Entity("ward_household_total")
export class WardHouseholdTotal {
  @Column({ name: "ward_id", type: "uuid", primary: true })
  wardId!: string;

  @Field(() => Number)
  @Column({ type: "smallint", primary: true })
  year!: number;

  @Field(() => Number)
  @Column({ name: "households_total", type: "integer" })
  householdsTotal!: number;
}
