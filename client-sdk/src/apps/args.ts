import { parseArgs, type ParseArgsConfig } from "node:util";
import { GraphQLRequestError, PlatformUnreachableError } from "../client";

type Options = NonNullable<ParseArgsConfig["options"]>;

/**
 * Options every app takes: the platform URL (--url, else QN_URL, else the local server on PORT as
 * `npm start` serves it: http://localhost:${PORT:-4000}/graphql) and a bearer token (--token, else QN_TOKEN).
 */
export function commonOptions(args: string[], extra: Options = {}) {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { url: { type: "string" }, token: { type: "string" }, ...extra },
  });
  const all = values as Record<string, string | boolean | undefined>;
  const token = (all.token as string | undefined) ?? process.env.QN_TOKEN;
  if (!token) fail("a token is needed: --token <jwt> or QN_TOKEN=<jwt> (development: npm run -s token -- --role ...)");
  const url = (all.url as string | undefined) ?? process.env.QN_URL ?? `http://localhost:${process.env.PORT || 4000}/graphql`;
  return { values: all, positionals, url, token };
}

export function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(2);
}

/** Ends an app on an error: what the server refused, or which URL could not be reached, in one line. */
export function failOn(error: unknown): never {
  if (error instanceof GraphQLRequestError) fail(`refused: ${error.message}`);
  if (error instanceof PlatformUnreachableError) fail(`${error.message} (is the server running? QN_URL or --url give its /graphql address)`);
  fail(String(error));
}
