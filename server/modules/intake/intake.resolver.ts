import type { Readable } from "node:stream";
import { GraphQLUpload } from "graphql-upload-minimal";
import { Arg, Ctx, Mutation, Resolver } from "type-graphql";
import { Allow, Role } from "../../shared/auth";
import { Cost } from "../../shared/cost";
import { badInput } from "../../shared/errors";
import type { RequestContext } from "../../shared/request-context";
import type { HouseholdIntakeService } from "./household-intake.service";
import { ImportReport } from "./intake.types";
import { fileTooLarge } from "./spreadsheet-file";

/** An uploaded file as graphql-upload-minimal hands it over. */
interface FileUpload {
  filename: string;
  createReadStream(): Readable;
}

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
    @Arg("file", () => GraphQLUpload, { description: "The filled template (.xlsx, or .csv in UTF-8)." }) file: Promise<FileUpload>,
    @Arg("wardCode", { description: "The ward's GSO code as it was during the review." }) wardCode: string,
    @Arg("review", { description: "YYYY-PERIODIC or YYYY-MM-REGULAR, e.g. 2024-PERIODIC." }) review: string,
    @Arg("dryRun", { description: "true: check and report only." }) dryRun: boolean,
    @Arg("distinctHouseholdCodes", () => [String], { nullable: true, description: "Codes of the file's households a person decided are not duplicates of those they resemble." })
    distinctHouseholdCodes?: string[] | null,
  ): Promise<ImportReport> {
    const upload = await file;
    const bytes = await readAll(upload);
    return this.intake.importList(ctx, { fileName: upload.filename, bytes, wardCode, reviewCode: review, dryRun, distinctHouseholdCodes: distinctHouseholdCodes ?? [] });
  }
}

/**
 * The whole file, or BAD_USER_INPUT. The upload's limit (MAX_FILE_BYTES) stops a larger file short
 * and ends its stream as if it were complete, flagging it `truncated`: such a file is refused here, before
 * anything parses a part of it.
 */
async function readAll(upload: FileUpload): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let stream: Readable & { truncated?: boolean };
  try {
    stream = upload.createReadStream();
    for await (const chunk of stream) chunks.push(chunk as Buffer);
  } catch {
    throw badInput("the upload failed before the whole file arrived; send it again", { argument: "file" });
  }
  if (stream.truncated) throw fileTooLarge();
  return Buffer.concat(chunks);
}
