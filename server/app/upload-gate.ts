import type { IncomingMessage, ServerResponse } from "node:http";
import { getNamedType, type GraphQLSchema } from "graphql";
import { rolesAllowedFor, type Role } from "../shared/auth";

/**
 * Holds the answer to a request until its body has arrived, discarding what nobody read, so a
 * client still sending a refused upload hears the refusal: a socket closed with unread bytes is
 * reset by the kernel, and the client's next write fails with EPIPE before it reads any answer.
 * Past `maxUnreadBytes` of unread body the answer goes out and the connection is cut.
 */
export function answerAfterBody(req: IncomingMessage, res: ServerResponse, maxUnreadBytes: number): void {
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
  const taking = mutations.filter((field) => field.args.some((arg) => getNamedType(arg.type).name === "Upload"));
  return new Set(taking.flatMap((field) => rolesAllowedFor(field.name) ?? []));
}
