import type { GraphQLFormattedError } from "graphql";
import { unwrapResolverError } from "@apollo/server/errors";
import { QueryFailedError } from "typeorm";
import { DomainError, type DomainErrorCode } from "../shared/errors";

// graphql-js reports a literal of the wrong type or an unknown enum value written in the query as
// a validation failure; to a client that is bad input, as it is when the same value comes in variables.
const VALUE_ERROR = /^(Expected value of type|Enum "[^"]+" cannot represent|Value "[^"]*" does not exist in "[^"]+" enum|Int cannot represent|Float cannot represent|String cannot represent|Boolean cannot represent|ID cannot represent)/;

// Apollo gives every validation error the same code; the query-shape limits deserve their own.
const SHAPE_ERROR = /^the operation (is nested deeper than|selects more than) /;

/**
 * The one place where errors become what a client sees: domain errors keep their message and
 * code; anything unexpected becomes INTERNAL_SERVER_ERROR with a generic message outside development
 * and is logged (message only: parameters may hold personal data).
 */
export function createErrorFormatter(development: boolean) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(error);
    if (original instanceof DomainError) {
      return { ...formatted, message: original.message, extensions: { ...original.details, code: original.code } };
    }
    const rejected = rejectedByDatabase(original);
    if (rejected) return { message: rejected.message, path: formatted.path, locations: formatted.locations, extensions: { code: rejected.code } };
    const code = formatted.extensions?.code;
    if (code === "GRAPHQL_VALIDATION_FAILED" && VALUE_ERROR.test(formatted.message)) {
      return { ...formatted, extensions: { ...formatted.extensions, code: "BAD_USER_INPUT" } };
    }
    if (code === "GRAPHQL_VALIDATION_FAILED" && SHAPE_ERROR.test(formatted.message)) {
      return { ...formatted, extensions: { ...formatted.extensions, code: "QUERY_TOO_COMPLEX" } };
    }
    if (code === "INTERNAL_SERVER_ERROR" || code === undefined) {
      const message = original instanceof Error ? original.message : String(original);
      process.stderr.write(`unexpected error: ${message}\n`);
      if (!development) return { message: "Internal server error", path: formatted.path, extensions: { code: "INTERNAL_SERVER_ERROR" } };
    }
    return formatted;
  };
}

/**
 * PostgreSQL refusing a value the client sent (SQLSTATE class 22, data exception, e.g. a NUL
 * character in text) or a write that collided with another (23505) is the client's problem, not
 * the server's: say so with a stable code, without echoing the value.
 */
function rejectedByDatabase(error: unknown): { code: DomainErrorCode; message: string } | null {
  if (!(error instanceof QueryFailedError)) return null;
  const sqlState = String((error.driverError as { code?: unknown } | undefined)?.code ?? "");
  if (sqlState.startsWith("22")) return { code: "BAD_USER_INPUT", message: "a value in the request is not acceptable to the database (for example a NUL character in text)" };
  if (sqlState === "23505") return { code: "CONFLICT", message: "another change to the same record happened at the same time; reload and retry" };
  return null;
}
