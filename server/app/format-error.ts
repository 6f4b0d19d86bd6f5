import type { GraphQLFormattedError } from "graphql";
import { unwrapResolverError } from "@apollo/server/errors";
import { QueryFailedError } from "typeorm";
import { DomainError, type DomainErrorCode } from "../shared/errors";
import type { Logger } from "../shared/logger";

// graphql-js reports a literal of the wrong type or an unknown enum value written in the query as
// a validation failure; to a client that is bad input, as it is when the same value comes in variables.
const VALUE_ERROR = /^(Expected value of type|Enum "[^"]+" cannot represent|Value "[^"]*" does not exist in "[^"]+" enum|Int cannot represent|Float cannot represent|String cannot represent|Boolean cannot represent|ID cannot represent)/;

// Apollo gives every validation error the same code; the query-shape limits deserve their own.
const SHAPE_ERROR = /^the operation (is nested deeper than|selects more than|asks for more than|uses more than) /;

/**
 * The one place where errors become what a client sees: domain errors keep their message and
 * code; a database out of reach is SERVICE_UNAVAILABLE (retryable); anything unexpected becomes
 * INTERNAL_SERVER_ERROR with a generic message outside development and is logged (message only:
 * parameters may hold personal data).
 */
export function createErrorFormatter(development: boolean, logger: Logger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(error);
    if (original instanceof DomainError) {
      return { ...formatted, message: original.message, extensions: { ...original.details, code: original.code } };
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
      if (!development) return { message: "Internal server error", path: formatted.path, extensions: { code: "INTERNAL_SERVER_ERROR" } };
    }
    return formatted;
  };
}

const SERVICE_UNAVAILABLE = {
  message: "the database is out of reach; retry shortly",
  extensions: { code: "SERVICE_UNAVAILABLE" as const, retryable: true },
};

/** Errors that are not bugs, with what the client should be told. */
function clientFacing(error: unknown): { message: string; extensions: { code: DomainErrorCode | "SERVICE_UNAVAILABLE"; retryable?: boolean } } | null {
  if (isDatabaseUnavailable(error)) return SERVICE_UNAVAILABLE;
  if (!(error instanceof QueryFailedError)) return null;
  const sqlState = sqlStateOf(error);
  // PostgreSQL refusing a value the client sent (class 22, data exception, e.g. NUL in text), or a
  // write colliding with another (23505): the client's to fix or retry, without echoing the value.
  if (sqlState.startsWith("22")) return { message: "a value in the request is not acceptable to the database (for example a NUL character in text)", extensions: { code: "BAD_USER_INPUT" } };
  if (sqlState === "23505") return { message: "another change to the same record happened at the same time; reload and retry", extensions: { code: "CONFLICT" } };
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
