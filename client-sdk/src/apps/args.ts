import { parseArgs, type ParseArgsConfig } from "node:util";
import { GraphQLRequestError, PlatformUnreachableError } from "../client";
import { say, type Language } from "./messages";

type Options = NonNullable<ParseArgsConfig["options"]>;

/**
 * Options every app takes: the platform URL (--url, else QN_URL, else the local server on PORT as
 * `npm start` serves it: http://localhost:${PORT:-4000}/graphql), a bearer token (--token, else
 * QN_TOKEN) and the language the server's messages are written in (--lang vi|en, else LANG's; Vietnamese by default).
 */
export function commonOptions(args: string[], extra: Options = {}) {
  stopQuietlyWhenReaderLeaves();
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      url: { type: "string" },
      token: { type: "string" },
      lang: { type: "string" },
      ...extra,
    },
  });
  const all = values as Record<string, string | boolean | undefined>;
  const language = appLanguage(args);
  const token = (all.token as string | undefined) ?? process.env.QN_TOKEN;
  if (!token) fail(say(language, "cli.app.tokenNeeded"));
  const url =
    (all.url as string | undefined) ??
    process.env.QN_URL ??
    `http://localhost:${process.env.PORT || 4000}/graphql`;
  return { values: all, positionals, url, token, language };
}

/**
 * A reader that stops early (`npm run agency -- tasks | head`) closes the pipe: the app stops
 * quietly with success, as Unix tools do, instead of a stack trace for EPIPE.
 */
function stopQuietlyWhenReaderLeaves() {
  process.stdout.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code !== "EPIPE") throw error;
    process.exit(0);
  });
}

/**
 * The language an app speaks: --lang, else LANG's. Read leniently from the raw arguments, so that
 * even a failure to parse the other options is reported in the user's language.
 */
export function appLanguage(args: string[]): Language {
  const { values } = parseArgs({
    args,
    strict: false,
    allowPositionals: true,
    options: { lang: { type: "string" } },
  });
  return languageOf(typeof values.lang === "string" ? values.lang : process.env.LANG);
}

export function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(2);
}

/** Ends an app on an error: what the server refused, or which URL could not be reached, in one line. */
export function failOn(error: unknown): never {
  const language = appLanguage(process.argv.slice(2));
  if (error instanceof GraphQLRequestError)
    fail(say(language, "cli.app.refused", { message: error.message }));
  if (error instanceof PlatformUnreachableError)
    fail(say(language, "cli.app.unreachable", { url: error.url, reason: error.reason }));
  fail(String(error));
}

/** "en" when the setting names English (en, en_US.UTF-8, en-GB), else "vi": ward and agency staff read Vietnamese. */
export const languageOf = (setting: string | undefined): Language =>
  /^en\b|^en[_-]/i.test(setting ?? "") ? "en" : "vi";
