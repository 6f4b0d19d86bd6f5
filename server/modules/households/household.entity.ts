import { Field, ID, Int, ObjectType } from "type-graphql";
import { Column, Entity, PrimaryGeneratedColumn } from "typeorm";
import { Area, Classification, DeprivationIndicator, PovertyCause } from "./national-standard";

@ObjectType({ description: "A poor or near-poor household on a ward's list." })
@Entity("household")
export class Household {
  @Field(() => ID)
  @PrimaryGeneratedColumn("uuid")
  id!: string;

  @Field({ description: "The household's code on the ward's list, e.g. QN-21550-0001." })
  @Column({ type: "text" })
  code!: string;

  @Column({ name: "ward_id", type: "uuid" })
  wardId!: string;

  @Field(() => Area)
  @Column({ type: "text" })
  area!: Area;

  @Field(() => Classification, {
    description: "As recorded by the review; never recomputed by the platform.",
  })
  @Column({ type: "text" })
  classification!: Classification;

  @Column({ name: "classified_in_review_id", type: "uuid", nullable: true })
  classifiedInReviewId!: string | null;

  @Field(() => Int, { nullable: true, description: "Income per person per month, VND." })
  @Column({ name: "income_per_person_monthly", type: "integer", nullable: true })
  incomePerPersonMonthly!: number | null;

  @Field(() => Int, {
    nullable: true,
    description: "The review's income score A (points), when recorded.",
  })
  @Column({ name: "income_score", type: "smallint", nullable: true })
  incomeScore!: number | null;

  /** Personal data: exposed only through the restricted, logged field resolver. */
  @Column({ type: "text" })
  address!: string;

  @Column({ type: "text", array: true })
  deprivations!: DeprivationIndicator[];

  @Field(() => [PovertyCause])
  @Column({ name: "poverty_causes", type: "smallint", array: true })
  povertyCauses!: PovertyCause[];

  @Field(() => Int, {
    description: "Increases with every change of the assessment; pass it back to change it.",
  })
  @Column({ type: "integer" })
  version!: number;

  @Field(() => Date)
  @Column({ name: "updated_at", type: "timestamptz" })
  updatedAt!: Date;

  /** Code and head's name folded to lower-case ASCII, for diacritic-insensitive search. */
  @Column({ name: "search_key", type: "text" })
  searchKey!: string;
}
