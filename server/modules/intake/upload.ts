import type { Readable } from "node:stream";
import { badInput } from "../../shared/errors";
import { MAX_FILE_BYTES } from "./spreadsheet-file";

/** An uploaded file as graphql-upload-minimal hands it over. */
export interface FileUpload {
  filename: string;
  createReadStream(): Readable;
}

/** The upload's name and bytes. Throws BAD_USER_INPUT when the upload fails or exceeds MAX_FILE_BYTES. */
export async function readUpload(file: Promise<FileUpload>): Promise<{ fileName: string; bytes: Buffer }> {
  const upload = await file;
  const chunks: Buffer[] = [];
  try {
    for await (const chunk of upload.createReadStream()) chunks.push(chunk as Buffer);
  } catch {
    throw badInput(`the upload failed or exceeds ${MAX_FILE_BYTES / 1024 / 1024} MB`, { argument: "file" });
  }
  return { fileName: upload.filename, bytes: Buffer.concat(chunks) };
}
