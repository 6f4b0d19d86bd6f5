import { parseArgs, type ParseArgsConfig } from "node:util";

type Options = NonNullable<ParseArgsConfig["options"]>;

/** Options every app takes: the platform URL and a bearer token (flag, or QN_TOKEN in the environment). */
export function commonOptions(args: string[], extra: Options = {}) {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { url: { type: "string" }, token: { type: "string" }, ...extra },
  });
  const all = values as Record<string, string | boolean | undefined>;
  const token = (all.token as string | undefined) ?? process.env.QN_TOKEN;
  if (!token) fail("a token is needed: --token <jwt> or QN_TOKEN=<jwt> (development: npm run -s token -- --role ...)");
  const url = (all.url as string | undefined) ?? process.env.QN_URL ?? "http://localhost:4000/graphql";
  return { values: all, positionals, url, token };
}

export function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(2);
}
