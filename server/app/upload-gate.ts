import type { IncomingMessage, ServerResponse } from "node:http";
import type { RequestHandler } from "express";
import { getNamedType, type GraphQLSchema } from "graphql";
import { graphqlUploadExpress } from "graphql-upload-minimal";
import { MAX_FILE_BYTES } from "../modules/intake";
import { rolesAllowedFor, type Authenticator, type Role } from "../shared/auth";
import { DomainError } from "../shared/errors";
import { answerWithError, RequestRefusal, type ErrorWording } from "./format-error";

/**
 * Holds the answer to a request until its body has arrived, discarding what nobody read, so a
 * client still sending a refused upload hears the refusal: a socket closed with unread bytes is
 * reset by the kernel, and the client's next write fails with EPIPE before it reads any answer.
 * Past `maxUnreadBytes` of unread body the answer goes out and the connection is cut.
 */
export function answerAfterBody(
  req: IncomingMessage,
  res: ServerResponse,
  maxUnreadBytes: number,
): void {
  const end = res.end.bind(res) as (...args: unknown[]) => ServerResponse;
  res.end = ((...args: unknown[]) => {
    if (req.complete || req.destroyed) return end(...args);
    // Whoever was reading the body (the multipart parser) is done with it.
    req.unpipe();
    let unread = 0;
    let answered = false;
    const answer = () => {
      if (answered) return;
      answered = true;
      req.off("data", discard);
      end(...args);
    };
    const discard = (chunk: Buffer) => {
      unread += chunk.length;
      if (unread <= maxUnreadBytes) return;
      answer();
      res.once("finish", () => req.socket.destroy());
    };
    req.on("data", discard);
    req.once("end", answer);
    req.once("close", answer);
    req.resume();
    return res;
  }) as ServerResponse["end"];
}

/** The roles that may use some mutation taking a file: no one else makes the server read one. */
export function rolesThatUpload(schema: GraphQLSchema): Set<Role> {
  const mutations = Object.values(schema.getMutationType()?.getFields() ?? {});
  const taking = mutations.filter((field) =>
    field.args.some((arg) => getNamedType(arg.type).name === "Upload"),
  );
  return new Set(taking.flatMap((field) => rolesAllowedFor(field.name) ?? []));
}

export interface UploadGateInput {
  schema: GraphQLSchema;
  authenticator: Authenticator;
  /** The limit on the multipart request's JSON fields (`operations`, `map`): the JSON body limit. */
  maxBodyBytes: number;
  wording: ErrorWording;
}

/**
 * The Express middleware for multipart requests to /graphql (an upload): reads the file only for a
 * valid token of a role that may upload, and answers a malformed or oversized request as JSON with
 * its status (400, 413), like a JSON body; passes other requests on untouched.
 */
export function uploadGate(input: UploadGateInput): RequestHandler {
  // Busboy flags a file `truncated` once it reaches its limit, even when that is its last byte: one
  // byte more lets a file of exactly MAX_FILE_BYTES through whole, and the import refuses any truncated one.
  // The multipart request's JSON (`operations`, `map`) is held to the same limit as a JSON body.
  const uploads = graphqlUploadExpress({
    maxFileSize: MAX_FILE_BYTES + 1,
    maxFieldSize: input.maxBodyBytes,
    maxFiles: 1,
  });
  const uploaders = rolesThatUpload(input.schema);
  return async (req, res, next) => {
    if (!req.is("multipart/form-data")) return next();
    // An answer may come before the file has arrived (a refusal): it waits for the rest, read and
    // dropped, up to a few times the largest file; this connection then carries no further request.
    res.setHeader("Connection", "close");
    answerAfterBody(req, res, 3 * MAX_FILE_BYTES);
    // A file is read only for a valid token of a role that may upload: no one else makes the server take one.
    try {
      const viewer = await input.authenticator.fromAuthorization(req.headers.authorization);
      if (!uploaders.has(viewer.role))
        throw new DomainError("FORBIDDEN", "error.forbidden.upload", { role: viewer.role });
    } catch (error) {
      return answerWithError(req, res, error, input.wording);
    }
    uploads(req, res, (error?: unknown) => {
      const status = (error as { status?: number } | undefined)?.status;
      if (!error) next();
      else if (status && status < 500)
        answerWithError(
          req,
          res,
          new RequestRefusal(status, "error.request.multipart", {
            detail: (error as Error).message,
          }),
          input.wording,
        );
      else answerWithError(req, res, error, input.wording);
    });
  };
}
