import { Field, ID, Int, ObjectType, registerEnumType } from "type-graphql";
import { Column, Entity, PrimaryGeneratedColumn } from "typeorm";

export enum Sex {
  MALE = "MALE",
  FEMALE = "FEMALE",
}
export enum RelationToHead {
  HEAD = "HEAD",
  SPOUSE = "SPOUSE",
  CHILD = "CHILD",
  PARENT = "PARENT",
  GRANDCHILD = "GRANDCHILD",
  SIBLING = "SIBLING",
  OTHER_RELATIVE = "OTHER_RELATIVE",
}
export enum EducationLevel {
  NONE = "NONE",
  PRIMARY = "PRIMARY",
  LOWER_SECONDARY = "LOWER_SECONDARY",
  UPPER_SECONDARY = "UPPER_SECONDARY",
  VOCATIONAL = "VOCATIONAL",
  HIGHER = "HIGHER",
}
export enum WorkStatus {
  STABLE_WORK = "STABLE_WORK",
  UNSTABLE_WORK = "UNSTABLE_WORK",
  UNEMPLOYED = "UNEMPLOYED",
  STUDENT = "STUDENT",
  NOT_WORKING_AGE = "NOT_WORKING_AGE",
  UNABLE_TO_WORK = "UNABLE_TO_WORK",
}
registerEnumType(Sex, { name: "Sex" });
registerEnumType(RelationToHead, { name: "RelationToHead" });
registerEnumType(EducationLevel, {
  name: "EducationLevel",
  description: "Highest schooling or training completed.",
});
registerEnumType(WorkStatus, { name: "WorkStatus" });

@ObjectType({ description: "A member of a household. Personal data: never logged." })
@Entity("household_member")
export class HouseholdMember {
  @Field(() => ID)
  @PrimaryGeneratedColumn("uuid")
  id!: string;

  @Column({ name: "household_id", type: "uuid" })
  householdId!: string;

  @Field(() => Int, {
    description: "Order of the member on the household's form; the head is first.",
  })
  @Column({ type: "smallint" })
  position!: number;

  @Field()
  @Column({ name: "full_name", type: "text" })
  fullName!: string;

  @Field(() => Int)
  @Column({ name: "birth_year", type: "smallint" })
  birthYear!: number;

  @Field(() => Sex)
  @Column({ type: "text" })
  sex!: Sex;

  @Field(() => RelationToHead)
  @Column({ name: "relation_to_head", type: "text" })
  relationToHead!: RelationToHead;

  /** 12-digit citizen identity number; exposed only through the masking field resolver. */
  @Column({ name: "national_id_number", type: "varchar", length: 12, nullable: true })
  nationalIdNumber!: string | null;

  @Field()
  @Column({ name: "has_health_insurance", type: "boolean" })
  hasHealthInsurance!: boolean;

  @Field(() => EducationLevel)
  @Column({ name: "education_level", type: "text" })
  educationLevel!: EducationLevel;

  @Field()
  @Column({ name: "attending_school", type: "boolean" })
  attendingSchool!: boolean;

  @Field(() => WorkStatus)
  @Column({ name: "work_status", type: "text" })
  workStatus!: WorkStatus;
}
