import type { GraphQLFormattedError } from "graphql";
import { unwrapResolverError } from "@apollo/server/errors";
import { QueryFailedError } from "typeorm";
import { DomainError, type DomainErrorCode } from "../shared/errors";
import { CATALOGUES, translate, type Language, type MessageParams } from "../shared/i18n";
import type { Logger } from "../shared/logger";

// graphql-js reports a literal of the wrong type or an unknown enum value written in the query as
// a validation failure; to a client that is bad input, as it is when the same value comes in variables.
const VALUE_ERROR = /^(Expected value of type|Enum "[^"]+" cannot represent|Value "[^"]*" does not exist in "[^"]+" enum|Int cannot represent|Float cannot represent|String cannot represent|Boolean cannot represent|ID cannot represent)/;

// Apollo gives every validation error the same code; the query-shape limits deserve their own.
const SHAPE_ERROR = /^the operation (is nested deeper than|selects more than|asks for more than|uses more than) /;

/**
 * The one place where errors become what a client sees: domain errors keep their code and message
 * key (`localized` then words the message in the reader's language); a database out of reach is SERVICE_UNAVAILABLE (retryable); anything unexpected becomes
 * INTERNAL_SERVER_ERROR with a generic message outside development and is logged (message only:
 * parameters may hold personal data).
 */
export function createErrorFormatter(development: boolean, logger: Logger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(error);
    if (original instanceof DomainError) {
      return { ...formatted, message: original.message, extensions: original.extensions };
    }
    const known = clientFacing(original);
    if (known) return { message: known.message, path: formatted.path, locations: formatted.locations, extensions: known.extensions };
    const code = formatted.extensions?.code;
    if (code === "GRAPHQL_VALIDATION_FAILED" && VALUE_ERROR.test(formatted.message)) {
      return { ...formatted, extensions: { ...formatted.extensions, code: "BAD_USER_INPUT" } };
    }
    if (code === "GRAPHQL_VALIDATION_FAILED" && SHAPE_ERROR.test(formatted.message)) {
      return { ...formatted, extensions: { ...formatted.extensions, code: "QUERY_TOO_COMPLEX" } };
    }
    if (code === "INTERNAL_SERVER_ERROR" || code === undefined) {
      logger.error({ err: { message: original instanceof Error ? original.message : String(original) }, path: formatted.path }, "unexpected error");
      if (!development) return { message: translate("en", "error.internal"), path: formatted.path, extensions: { code: "INTERNAL_SERVER_ERROR", messageKey: "error.internal", messageParams: {} } };
    }
    return formatted;
  };
}

/** What a client reads of an error the server words itself: the English message and its catalogue key. */
const worded = <C extends string>(code: C, messageKey: string, extra: Record<string, unknown> = {}) => ({
  message: translate("en", messageKey),
  extensions: { ...extra, code, messageKey, messageParams: {} },
});

const SERVICE_UNAVAILABLE = worded("SERVICE_UNAVAILABLE" as const, "error.databaseUnavailable", { retryable: true });

/** Errors that are not bugs, with what the client should be told. */
function clientFacing(error: unknown): { message: string; extensions: { code: DomainErrorCode } & Record<string, unknown> } | null {
  if (isDatabaseUnavailable(error)) return SERVICE_UNAVAILABLE;
  if (!(error instanceof QueryFailedError)) return null;
  const sqlState = sqlStateOf(error);
  // PostgreSQL refusing a value the client sent (class 22, data exception, e.g. NUL in text), or a
  // write colliding with another (23505): the client's to fix or retry, without echoing the value.
  if (sqlState.startsWith("22")) return worded("BAD_USER_INPUT", "error.database.valueRefused");
  if (sqlState === "23505") return worded("CONFLICT", "error.database.concurrentChange");
  return null;
}

const sqlStateOf = (error: QueryFailedError) => String((error.driverError as { code?: unknown } | undefined)?.code ?? "");

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
    /Connection terminated|connection timeout|Client has encountered a connection error|timeout exceeded when trying to connect/i.test(message)
  );
}

/**
 * The error as `language` words it: an error carrying a catalogue key (`extensions.messageKey`) gets
 * its message from the catalogue; others (graphql-js's own validation messages) stay as they are.
 */
export function localized<E extends { message: string; extensions?: Record<string, unknown> }>(error: E, language: Language): E {
  const key = error.extensions?.messageKey;
  if (language === "en" || typeof key !== "string" || !(key in CATALOGUES[language])) return error;
  return { ...error, message: translate(language, key, (error.extensions?.messageParams ?? {}) as MessageParams) };
}
