import type { Readable } from "node:stream";
import { badInput } from "../../shared/errors";
import { fileTooLarge } from "./spreadsheet-file";

/** An uploaded file as graphql-upload-minimal hands it over. */
export interface FileUpload {
  filename: string;
  createReadStream(): Readable;
}

/**
 * The upload's name and its whole bytes, or BAD_USER_INPUT. The upload's limit (MAX_FILE_BYTES)
 * stops a larger file short and ends its stream as if it were complete, flagging it `truncated`:
 * such a file is refused here, before anything parses a part of it.
 */
export async function readUpload(
  file: Promise<FileUpload>,
): Promise<{ fileName: string; bytes: Buffer }> {
  const upload = await file;
  const chunks: Buffer[] = [];
  let stream: Readable & { truncated?: boolean };
  try {
    stream = upload.createReadStream();
    for await (const chunk of stream) chunks.push(chunk as Buffer);
  } catch {
    throw badInput("error.file.uploadBroken", {}, { argument: "file" });
  }
  if (stream.truncated) throw fileTooLarge();
  return { fileName: upload.filename, bytes: Buffer.concat(chunks) };
}
