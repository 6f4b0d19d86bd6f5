import { GraphQLUpload } from "graphql-upload-minimal";
import { Cost } from "../../shared/cost";
import { Arg, Ctx, Int, Mutation, Resolver } from "type-graphql";
import { Allow, Role } from "../../shared/auth";
import type { RequestContext } from "../../shared/request-context";
import { readUpload, type FileUpload } from "../intake";
import type { PlanSheetService } from "./plan-sheet.service";
import { PlanImportReport } from "./plan-sheet.types";

@Resolver()
export class PlanSheetResolver {
  constructor(private readonly sheets: PlanSheetService) {}

  @Allow(Role.ADMIN, Role.WARD_OFFICER)
  @Cost(2000)
  @Mutation(() => PlanImportReport, {
    description:
      'Takes a ward\'s filled plan sheet (the XLSX from /exports/household-plans.xlsx, sheet "Kế hoạch hộ", multipart upload). A dry run checks every row and writes nothing; otherwise all plans are written, or — when any row is bad — none.',
  })
  async importHouseholdPlans(
    @Ctx() ctx: RequestContext,
    @Arg("file", () => GraphQLUpload) file: Promise<FileUpload>,
    @Arg("wardCode") wardCode: string,
    @Arg("year", () => Int) year: number,
    @Arg("dryRun") dryRun: boolean,
  ): Promise<PlanImportReport> {
    return this.sheets.importSheet(
      { ...ctx.actor, language: await ctx.language() },
      { ...(await readUpload(file)), wardCode, year, dryRun },
    );
  }
}
