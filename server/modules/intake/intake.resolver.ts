import { GraphQLUpload } from "graphql-upload-minimal";
import { Arg, Ctx, Mutation, Resolver } from "type-graphql";
import { Allow, Role } from "../../shared/auth";
import { Cost } from "../../shared/cost";
import type { RequestContext } from "../../shared/request-context";
import type { HouseholdIntakeService } from "./household-intake.service";
import { ImportReport } from "./intake.types";
import { readUpload, type FileUpload } from "./upload";

@Resolver()
export class IntakeResolver {
  constructor(private readonly intake: HouseholdIntakeService) {}

  @Allow(Role.ADMIN, Role.WARD_OFFICER)
  @Cost(2000)
  @Mutation(() => ImportReport, {
    description:
      "Takes a ward's review list (XLSX or CSV in the template's layout, multipart upload). A dry run checks every row and writes nothing; otherwise all households are written, or — when any row is bad or a likely duplicate is unsettled — none. Changed households are re-routed.",
  })
  async importHouseholds(
    @Ctx() ctx: RequestContext,
    @Arg("file", () => GraphQLUpload, {
      description: "The filled template (.xlsx, or .csv in UTF-8).",
    })
    file: Promise<FileUpload>,
    @Arg("wardCode", { description: "The ward's GSO code as it was during the review." })
    wardCode: string,
    @Arg("review", { description: "YYYY-PERIODIC or YYYY-MM-REGULAR, e.g. 2024-PERIODIC." })
    review: string,
    @Arg("dryRun", { description: "true: check and report only." }) dryRun: boolean,
    @Arg("distinctHouseholdCodes", () => [String], {
      nullable: true,
      description:
        "Codes of the file's households a person decided are not duplicates of those they resemble.",
    })
    distinctHouseholdCodes?: string[] | null,
  ): Promise<ImportReport> {
    const { fileName, bytes } = await readUpload(file);
    return this.intake.importList(
      { ...ctx.actor, language: await ctx.language() },
      {
        fileName,
        bytes,
        wardCode,
        reviewCode: review,
        dryRun,
        distinctHouseholdCodes: distinctHouseholdCodes ?? [],
      },
    );
  }
}
