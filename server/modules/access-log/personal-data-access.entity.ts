import { Field, ID, ObjectType } from "type-graphql";
import { Column, Entity, PrimaryColumn } from "typeorm";
import { Role } from "../../shared/auth";

@ObjectType({ description: "One request's read of a household's personal data." })
@Entity("personal_data_access")
export class PersonalDataAccess {
  @Field(() => ID)
  @PrimaryColumn({ type: "bigint" })
  id!: string;

  @Field(() => Date)
  @Column({ type: "timestamptz" })
  at!: Date;

  @Field()
  @Column({ name: "user_id", type: "text" })
  userId!: string;

  @Field(() => Role)
  @Column({ type: "text" })
  role!: Role;

  @Field(() => ID)
  @Column({ name: "household_id", type: "uuid" })
  householdId!: string;

  @Field(() => [String], {
    description: "Fields read, e.g. address, members.fullName, members.nationalIdNumber.",
  })
  @Column({ type: "text", array: true })
  fields!: string[];

  @Field(() => String, { nullable: true, description: "The GraphQL operation that read them." })
  @Column({ type: "text", nullable: true })
  operation!: string | null;
}
