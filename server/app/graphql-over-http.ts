import type { IncomingMessage, ServerResponse } from "node:http";
import { HeaderMap, type ApolloServer, type BaseContext } from "@apollo/server";
import { RequestRefusal } from "./format-error";

type GraphQLRequestMessage = IncomingMessage & { body?: unknown };

const JSON_TYPE = /^application\/(?:[\w.-]+\+)?json\s*(?:;|$)/i;
const CHARSET = /;\s*charset\s*=\s*"?([^";\s]+)/i;

/**
 * Hands an HTTP request for /graphql to Apollo and writes its answer as is. The JSON body is read
 * here, up to `maxBodyBytes` (413 beyond); a body already parsed (a multipart upload) is used as
 * it is. Express's router, body parser and `send` — which hashes every answer for an ETag — cost
 * a tenth of a small query's CPU under load, for nothing GraphQL uses. A body it will not read
 * (too large, compressed, not UTF-8, not JSON) rejects with a RequestRefusal, for the caller to answer.
 */
export function graphqlOverHttp<C extends BaseContext>(
  apollo: ApolloServer<C>,
  context: (req: IncomingMessage) => Promise<C>,
  maxBodyBytes: number,
) {
  return async (req: GraphQLRequestMessage, res: ServerResponse): Promise<void> => {
    let body = req.body;
    if (body === undefined && req.method === "POST") body = await readBody(req, maxBodyBytes);
    const headers = new HeaderMap();
    for (const [key, value] of Object.entries(req.headers))
      if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(", ") : value);
    const url = req.url ?? "";
    const query = url.indexOf("?");
    const response = await apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: {
        method: (req.method ?? "GET").toUpperCase(),
        headers,
        search: query >= 0 ? url.slice(query) : "",
        body,
      },
      context: () => context(req),
    });
    // Answers hold personal data and are never the same twice: no cache keeps them (Apollo's cache-control plugin, disabled, said so before).
    res.setHeader("cache-control", "no-store");
    for (const [key, value] of response.headers) res.setHeader(key, value);
    res.statusCode = response.status ?? 200;
    if (response.body.kind === "complete") return void res.end(response.body.string);
    for await (const chunk of response.body.asyncIterator) res.write(chunk);
    res.end();
  };
}

/** The body, parsed when it is JSON (Apollo refuses other content types itself); rejects with a RequestRefusal saying why not. */
async function readBody(req: IncomingMessage, maxBodyBytes: number): Promise<unknown> {
  const encoding = (req.headers["content-encoding"] ?? "identity").toLowerCase();
  if (encoding !== "identity")
    throw new RequestRefusal(415, "error.request.encoding", { encoding });
  const contentType = req.headers["content-type"] ?? "";
  const charset = CHARSET.exec(contentType)?.[1].toLowerCase();
  if (charset && charset !== "utf-8" && charset !== "utf8")
    throw new RequestRefusal(415, "error.request.charset", { charset });
  if (Number(req.headers["content-length"]) > maxBodyBytes) throw tooLarge(maxBodyBytes);
  const raw = await readRaw(req, maxBodyBytes);
  if (raw === "too large") throw tooLarge(maxBodyBytes);
  if (raw === "aborted") throw new RequestRefusal(400, "error.request.incomplete");
  const text = raw.toString("utf8").replace(/^\uFEFF/, "");
  if (!JSON_TYPE.test(contentType)) return text;
  try {
    return JSON.parse(text);
  } catch {
    throw new RequestRefusal(400, "error.request.json");
  }
}

/**
 * The body's bytes, or why there are none. Past the limit the rest is read and dropped rather than
 * left unread: destroying the request would reset the connection before the 413 reaches the client.
 */
function readRaw(
  req: IncomingMessage,
  maxBodyBytes: number,
): Promise<Buffer | "too large" | "aborted"> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      if (size > maxBodyBytes) return;
      size += chunk.length;
      if (size <= maxBodyBytes) return void chunks.push(chunk);
      chunks.length = 0;
      resolve("too large");
    });
    // After "too large" this resolves nothing: a promise settles once.
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", () => resolve("aborted"));
    req.on("aborted", () => resolve("aborted"));
  });
}

const tooLarge = (maxBodyBytes: number) =>
  new RequestRefusal(413, "error.request.tooLarge", { max: maxBodyBytes });
