import { GraphQLJSONObject } from "graphql-scalars";
import { Field, ID, Int, ObjectType, registerEnumType } from "type-graphql";
import { translate, type Language, type MessageParams } from "../../shared/i18n";

@ObjectType({
  description:
    "A cell the import cannot take: its row in the file, the column's header, the value as written and why.",
})
export class ImportIssue {
  @Field(() => Int)
  row!: number;

  @Field()
  column!: string;

  @Field()
  value!: string;

  @Field({ description: "Why, in the request's language." })
  reason!: string;

  @Field({
    description:
      "The reason's key in the message catalogue (intake.issue.*): stable across languages.",
  })
  reasonKey!: string;

  @Field(() => GraphQLJSONObject, {
    description: "The values the reason's message is filled with.",
  })
  reasonParams!: MessageParams;
}

/** An issue as a client reads it: the reason in `language`, with its key and parameters. */
export const importIssue = (
  issue: {
    row: number;
    column: string;
    value: string;
    reason: { key: string; params?: MessageParams };
  },
  language: Language,
): ImportIssue => ({
  row: issue.row,
  column: issue.column,
  value: issue.value,
  reason: translate(language, issue.reason.key, issue.reason.params),
  reasonKey: issue.reason.key,
  reasonParams: issue.reason.params ?? {},
});

export enum DuplicateMatch {
  NATIONAL_ID = "NATIONAL_ID",
  HEAD_NAME_AND_BIRTH_YEAR = "HEAD_NAME_AND_BIRTH_YEAR",
}
registerEnumType(DuplicateMatch, {
  name: "DuplicateMatch",
  valuesConfig: {
    NATIONAL_ID: { description: "A member has the ID number of a member of the other household." },
    HEAD_NAME_AND_BIRTH_YEAR: {
      description:
        "The heads have the same name (ignoring diacritics) and birth year, in the same ward.",
    },
  },
});

@ObjectType({
  description:
    "A household of the file that may be one already listed under another code. A person decides: give the existing code in the file to update that household, or name the file's code in distinctHouseholdCodes to import it as a separate household.",
})
export class LikelyDuplicate {
  @Field(() => Int)
  row!: number;

  @Field({ description: "The code in the file." })
  householdCode!: string;

  @Field({
    description:
      "The household it may duplicate (already listed, or earlier in the file); OTHER_WARD for a household of another ward, named to ADMIN only.",
  })
  otherHouseholdCode!: string;

  @Field(() => DuplicateMatch)
  matchedBy!: DuplicateMatch;

  @Field({ description: "Whether distinctHouseholdCodes settles it." })
  settled!: boolean;
}

@ObjectType({
  description: "What an import found and did. A dry run or a blocked import writes nothing.",
})
export class ImportReport {
  @Field()
  dryRun!: boolean;

  @Field({ description: "Whether the households were written (all of them; never some)." })
  committed!: boolean;

  @Field({ description: "What happened, in a sentence." })
  message!: string;

  @Field(() => ID, { nullable: true, description: "The import's record, when committed." })
  importId!: string | null;

  @Field()
  fileName!: string;

  @Field()
  wardCode!: string;

  @Field()
  reviewCode!: string;

  @Field(() => Int, { description: "Data rows read (one per member)." })
  rowsRead!: number;

  @Field(() => Int)
  householdsInFile!: number;

  @Field(() => Int, { description: "New households (or, in a dry run, that would be)." })
  householdsCreated!: number;

  @Field(() => Int, { description: "Listed households whose assessment or members change." })
  householdsUpdated!: number;

  @Field(() => Int, { description: "Listed households the review found as they were." })
  householdsUnchanged!: number;

  @Field(() => Int)
  issueCount!: number;

  @Field(() => [ImportIssue], { description: "The first 500 issues, by row." })
  issues!: ImportIssue[];

  @Field(() => [LikelyDuplicate])
  likelyDuplicates!: LikelyDuplicate[];

  @Field(() => Int, { description: "Tasks routed for the changed households' new needs." })
  tasksRouted!: number;

  @Field(() => Int, { description: "Open tasks flagged because their need went away." })
  tasksNeedGone!: number;

  @Field(() => Int, { description: "Flagged tasks whose need came back." })
  tasksNeedReturned!: number;
}
