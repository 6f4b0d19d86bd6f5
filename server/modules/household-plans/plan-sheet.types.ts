import { Field, Int, ObjectType } from "type-graphql";
import { ImportIssue } from "../intake";

@ObjectType({
  description:
    "What an import of a ward's plan sheet found and did. A dry run, or a sheet with any bad row, writes nothing.",
})
export class PlanImportReport {
  @Field()
  dryRun!: boolean;

  @Field({ description: "Whether the plans were written (all of them; never some)." })
  committed!: boolean;

  @Field()
  message!: string;

  @Field(() => Int)
  rowsRead!: number;

  @Field(() => Int, { description: "New plans (or, in a dry run, that would be)." })
  plansCreated!: number;

  @Field(() => Int, { description: "Plans changed." })
  plansUpdated!: number;

  @Field(() => Int)
  issueCount!: number;

  @Field(() => [ImportIssue], { description: "Every bad cell: row, column, value, reason." })
  issues!: ImportIssue[];
}
