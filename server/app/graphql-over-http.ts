import type { IncomingMessage, ServerResponse } from "node:http";
import { HeaderMap, type ApolloServer, type BaseContext } from "@apollo/server";

type GraphQLRequestMessage = IncomingMessage & { body?: unknown };

/**
 * Hands an HTTP request for /graphql to Apollo and writes its answer as is. The JSON body is read
 * here, up to `maxBodyBytes` (413 beyond); a body already parsed (a multipart upload) is used as
 * it is. Express's router, body parser and `send` — which hashes every answer for an ETag — cost
 * a tenth of a small query's CPU under load, for nothing GraphQL uses.
 */
export function graphqlOverHttp<C extends BaseContext>(apollo: ApolloServer<C>, context: (req: IncomingMessage) => Promise<C>, maxBodyBytes: number) {
  return async (req: GraphQLRequestMessage, res: ServerResponse): Promise<void> => {
    let body = req.body;
    if (body === undefined && req.method === "POST") {
      const read = await readBody(req, maxBodyBytes);
      if ("refused" in read) return refuse(res, read.refused, read.message);
      body = read.body;
    }
    const headers = new HeaderMap();
    for (const [key, value] of Object.entries(req.headers)) if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(", ") : value);
    const url = req.url ?? "";
    const query = url.indexOf("?");
    const response = await apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method: (req.method ?? "GET").toUpperCase(), headers, search: query >= 0 ? url.slice(query) : "", body },
      context: () => context(req),
    });
    for (const [key, value] of response.headers) res.setHeader(key, value);
    res.statusCode = response.status ?? 200;
    if (response.body.kind === "complete") return void res.end(response.body.string);
    for await (const chunk of response.body.asyncIterator) res.write(chunk);
    res.end();
  };
}

/** The body, parsed when it is JSON (Apollo refuses other content types itself), or why it is refused. */
async function readBody(req: IncomingMessage, maxBodyBytes: number): Promise<{ body: unknown } | { refused: number; message: string }> {
  const declared = Number(req.headers["content-length"]);
  if (declared > maxBodyBytes) return tooLarge(req, maxBodyBytes);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBodyBytes) return tooLarge(req, maxBodyBytes);
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString("utf8");
  if (!/^application\/(.+\+)?json\b/i.test(req.headers["content-type"] ?? "")) return { body: text };
  try {
    return { body: JSON.parse(text) };
  } catch {
    return { refused: 400, message: "the request body is not valid JSON" };
  }
}

function tooLarge(req: IncomingMessage, maxBodyBytes: number): { refused: number; message: string } {
  // The rest of the body is left unread: the connection must not carry another request.
  req.pause();
  return { refused: 413, message: `the request body is larger than ${maxBodyBytes} bytes` };
}

function refuse(res: ServerResponse, status: number, message: string): void {
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", ...(status === 413 ? { connection: "close" } : {}) });
  res.end(JSON.stringify({ errors: [{ message, extensions: { code: "BAD_REQUEST" } }] }));
}
