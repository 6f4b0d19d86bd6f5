import type { IncomingMessage, ServerResponse } from "node:http";
import { GraphQLError, type GraphQLFormattedError } from "graphql";
import { unwrapResolverError } from "@apollo/server/errors";
import { QueryFailedError } from "typeorm";
import { DomainError, type DomainErrorCode } from "../shared/errors";
import {
  CATALOGUES,
  resolveLanguage,
  translate,
  type Language,
  type MessageParams,
} from "../shared/i18n";
import type { Logger } from "../shared/logger";

// graphql-js reports a literal of the wrong type or an unknown enum value written in the query as
// a validation failure; to a client that is bad input, as it is when the same value comes in variables.
const VALUE_ERROR =
  /^(Expected value of type|Enum "[^"]+" cannot represent|Value "[^"]*" does not exist in "[^"]+" enum|Int cannot represent|Float cannot represent|String cannot represent|Boolean cannot represent|ID cannot represent)/;

// Apollo gives every validation error the same code; the query-shape limits deserve their own.
const SHAPE_ERROR =
  /^the operation (is nested deeper than|selects more than|asks for more than|uses more than) /;

/** How a server words errors: the same for every request it serves. */
export interface ErrorWording {
  /** In development an unexpected error inside GraphQL keeps its own message; elsewhere it reads "Internal server error". */
  development: boolean;
  /** Where unexpected errors are logged (message only: parameters may hold personal data). */
  logger: Logger;
}

/** A request refused before GraphQL reads it (its body, encoding, multipart form): BAD_REQUEST, with its own HTTP status. */
export class RequestRefusal extends Error {
  constructor(
    readonly status: number,
    readonly messageKey: string,
    readonly messageParams: MessageParams = {},
  ) {
    super(translate("en", messageKey, messageParams));
    this.name = "RequestRefusal";
  }
}

/**
 * The one place where errors become what a client sees, on every transport (Apollo's answers,
 * graphql-ws messages, HTTP refusals outside GraphQL): domain errors keep their code and message
 * key; a database out of reach is SERVICE_UNAVAILABLE (retryable); a value PostgreSQL refuses is
 * BAD_USER_INPUT, a colliding write CONFLICT; a refused request body BAD_REQUEST; graphql-js's
 * value and query-shape validation failures BAD_USER_INPUT and QUERY_TOO_COMPLEX. Anything
 * unexpected is logged and becomes INTERNAL_SERVER_ERROR with a generic message — kept as it is
 * only in development and only inside GraphQL, where `rendered` (graphql-js's or Apollo's own
 * rendering of the error, with its path and locations) is given.
 *
 * Returns the error in English, its catalogue key in `extensions.messageKey`; with `language`, worded
 * in it (see `localized`: Apollo's answers word it later, once the reader's language is known). Never throws.
 */
export function toClientError(
  error: unknown,
  how: ErrorWording & { rendered?: GraphQLFormattedError; language?: Language },
): GraphQLFormattedError {
  const answer = inEnglish(error, how);
  return how.language ? localized(answer, how.language) : answer;
}

function inEnglish(
  error: unknown,
  {
    development,
    logger,
    rendered = error instanceof GraphQLError ? error.toJSON() : undefined,
  }: ErrorWording & { rendered?: GraphQLFormattedError },
): GraphQLFormattedError {
  const original = unwrapResolverError(error);
  if (original instanceof DomainError)
    return { ...rendered, message: original.message, extensions: original.extensions };
  const known = clientFacing(original);
  if (known)
    return {
      message: known.message,
      path: rendered?.path,
      locations: rendered?.locations,
      extensions: known.extensions,
    };
  const code = rendered?.extensions?.code;
  if (rendered && code === "GRAPHQL_VALIDATION_FAILED" && VALUE_ERROR.test(rendered.message)) {
    return { ...rendered, extensions: { ...rendered.extensions, code: "BAD_USER_INPUT" } };
  }
  if (rendered && code === "GRAPHQL_VALIDATION_FAILED" && SHAPE_ERROR.test(rendered.message)) {
    return { ...rendered, extensions: { ...rendered.extensions, code: "QUERY_TOO_COMPLEX" } };
  }
  if (!rendered || code === "INTERNAL_SERVER_ERROR" || code === undefined) {
    logger.error(
      {
        err: { message: original instanceof Error ? original.message : String(original) },
        path: rendered?.path,
      },
      "unexpected error",
    );
    if (!development || !rendered)
      return { message: INTERNAL.message, path: rendered?.path, extensions: INTERNAL.extensions };
  }
  return rendered;
}

/** Apollo's `formatError`: its own rendering of the error, made what a client sees (see toClientError). */
export function createErrorFormatter(development: boolean, logger: Logger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError =>
    toClientError(error, { development, logger, rendered: formatted });
}

/** The HTTP status of an error answered outside GraphQL, or refused before a resolver runs (authentication, rate limit, a download's input). */
export function httpStatusOf(error: GraphQLFormattedError): number {
  const code = String(error.extensions?.code);
  return (HTTP_STATUS as Record<string, number | undefined>)[code] ?? 400;
}

/** An error answer's HTTP headers: RATE_LIMITED says when to come back. */
export function httpHeadersOf(error: GraphQLFormattedError): [string, string][] {
  const retryAfter = error.extensions?.retryAfterSeconds;
  return typeof retryAfter === "number" ? [["retry-after", String(retryAfter)]] : [];
}

/**
 * Answers a request outside GraphQL (a download, an upload refused before its file is read, a body
 * GraphQL never sees) with `caught` as a client sees it: its HTTP status (a RequestRefusal's own,
 * 503 when the database is out of reach, 500 for the unforeseen), in the language of
 * `Accept-Language`. An answer already begun is cut off instead; a request refused for its body
 * closes its connection, since the rest of the body may still be on its way.
 */
export function answerWithError(
  req: IncomingMessage,
  res: ServerResponse,
  caught: unknown,
  how: ErrorWording,
): void {
  if (res.destroyed) return;
  const error = toClientError(caught, {
    ...how,
    language: resolveLanguage(req.headers["accept-language"]),
  });
  if (res.headersSent) return void res.destroy();
  const status = caught instanceof RequestRefusal ? caught.status : httpStatusOf(error);
  const headers: Record<string, string> = {
    "content-type": "application/json; charset=utf-8",
    "cache-control": "no-store",
    ...Object.fromEntries(httpHeadersOf(error)),
  };
  if (caught instanceof RequestRefusal) headers.connection = "close";
  res.writeHead(status, headers).end(JSON.stringify({ errors: [error] }));
}

const HTTP_STATUS: Partial<Record<DomainErrorCode | "INTERNAL_SERVER_ERROR", number>> = {
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  RATE_LIMITED: 429,
  SERVICE_UNAVAILABLE: 503,
  INTERNAL_SERVER_ERROR: 500,
};

/** What a client reads of an error the server words itself: the English message and its catalogue key. */
const worded = <C extends string>(
  code: C,
  messageKey: string,
  extra: Record<string, unknown> = {},
) => ({
  message: translate("en", messageKey),
  extensions: { ...extra, code, messageKey, messageParams: {} },
});

const SERVICE_UNAVAILABLE = worded("SERVICE_UNAVAILABLE" as const, "error.databaseUnavailable", {
  retryable: true,
});
const INTERNAL = worded("INTERNAL_SERVER_ERROR" as const, "error.internal");

/** Errors that are not bugs, with what the client should be told. */
function clientFacing(error: unknown): {
  message: string;
  extensions: { code: DomainErrorCode | "BAD_REQUEST" } & Record<string, unknown>;
} | null {
  if (isDatabaseUnavailable(error)) return SERVICE_UNAVAILABLE;
  if (error instanceof RequestRefusal)
    return {
      message: error.message,
      extensions: {
        code: "BAD_REQUEST",
        messageKey: error.messageKey,
        messageParams: error.messageParams,
      },
    };
  if (!(error instanceof QueryFailedError)) return null;
  const sqlState = sqlStateOf(error);
  // PostgreSQL refusing a value the client sent (class 22, data exception, e.g. NUL in text), or a
  // write colliding with another (23505): the client's to fix or retry, without echoing the value.
  if (sqlState.startsWith("22")) return worded("BAD_USER_INPUT", "error.database.valueRefused");
  if (sqlState === "23505") return worded("CONFLICT", "error.database.concurrentChange");
  return null;
}

const sqlStateOf = (error: QueryFailedError) =>
  String((error.driverError as { code?: unknown } | undefined)?.code ?? "");

/**
 * Whether an error means the database could not be reached or dropped the connection: node errors
 * (ECONNREFUSED, ECONNRESET, …), pg's "Connection terminated", PostgreSQL's class 08 (connection
 * exception) and 57P0x (shutdown).
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  const driver = error instanceof QueryFailedError ? error.driverError : error;
  const code = String((driver as { code?: unknown } | null)?.code ?? "");
  const message = String((driver as { message?: unknown } | null)?.message ?? "");
  return (
    ["ECONNREFUSED", "ECONNRESET", "EPIPE", "ETIMEDOUT", "ENOTFOUND"].includes(code) ||
    code.startsWith("08") ||
    code.startsWith("57P0") ||
    /Connection terminated|connection timeout|Client has encountered a connection error|timeout exceeded when trying to connect/i.test(
      message,
    )
  );
}

/**
 * The error as `language` words it: an error carrying a catalogue key (`extensions.messageKey`) gets
 * its message from the catalogue; others (graphql-js's own validation messages) stay as they are.
 */
export function localized<E extends { message: string; extensions?: Record<string, unknown> }>(
  error: E,
  language: Language,
): E {
  const key = error.extensions?.messageKey;
  if (language === "en" || typeof key !== "string" || !(key in CATALOGUES[language])) return error;
  return {
    ...error,
    message: translate(language, key, (error.extensions?.messageParams ?? {}) as MessageParams),
  };
}
