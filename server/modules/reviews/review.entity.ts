import { Field, ID, ObjectType, registerEnumType } from "type-graphql";
import { Column, Entity, PrimaryGeneratedColumn } from "typeorm";

export enum ReviewKind {
  PERIODIC = "PERIODIC",
  REGULAR = "REGULAR",
}
registerEnumType(ReviewKind, {
  name: "ReviewKind",
  valuesConfig: {
    PERIODIC: { description: "Yearly review, 1 September – 14 December; code YYYY-PERIODIC." },
    REGULAR: {
      description: "Monthly review on a household's request, from the 15th; code YYYY-MM-REGULAR.",
    },
  },
});

@ObjectType({
  description:
    "A poor/near-poor household review (Decision 24/2021/QĐ-TTg) whose result a household's classification records.",
})
@Entity("review")
export class Review {
  @Field(() => ID)
  @PrimaryGeneratedColumn("uuid")
  id!: string;

  @Field({ description: "YYYY-PERIODIC or YYYY-MM-REGULAR." })
  @Column({ type: "text" })
  code!: string;

  @Field(() => ReviewKind)
  @Column({ type: "text" })
  kind!: ReviewKind;

  @Field({ description: "YYYY-MM-DD" })
  @Column({ name: "starts_on", type: "date" })
  startsOn!: string;

  @Field({ description: "YYYY-MM-DD" })
  @Column({ name: "ends_on", type: "date" })
  endsOn!: string;

  @Field({
    description:
      "The lists the platform starts from: its results count as standing, not as households escaping or becoming poor.",
  })
  @Column({ type: "boolean" })
  baseline!: boolean;
}
