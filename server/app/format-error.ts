import type { GraphQLFormattedError } from "graphql";
import { unwrapResolverError } from "@apollo/server/errors";
import { DomainError } from "../shared/errors";

// graphql-js reports a literal of the wrong type or an unknown enum value written in the query as
// a validation failure; to a client that is bad input, as it is when the same value comes in variables.
const VALUE_ERROR = /^(Expected value of type|Enum "[^"]+" cannot represent|Value "[^"]*" does not exist in "[^"]+" enum|Int cannot represent|Float cannot represent|String cannot represent|Boolean cannot represent|ID cannot represent)/;

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
    const code = formatted.extensions?.code;
    if (code === "GRAPHQL_VALIDATION_FAILED" && VALUE_ERROR.test(formatted.message)) {
      return { ...formatted, extensions: { ...formatted.extensions, code: "BAD_USER_INPUT" } };
    }
    if (code === "INTERNAL_SERVER_ERROR" || code === undefined) {
      const message = original instanceof Error ? original.message : String(original);
      process.stderr.write(`unexpected error: ${message}\n`);
      if (!development) return { message: "Internal server error", path: formatted.path, extensions: { code: "INTERNAL_SERVER_ERROR" } };
    }
    return formatted;
  };
}
