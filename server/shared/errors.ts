/** Stable codes a client can act on; they reach the client as `extensions.code`. */
export type DomainErrorCode =
  | "BAD_USER_INPUT"
  | "NOT_FOUND"
  | "FORBIDDEN"
  | "CONFLICT"
  | "ILLEGAL_TRANSITION"
  | "UNAUTHENTICATED"
  | "RATE_LIMITED"
  | "QUERY_TOO_COMPLEX"
  /** An event cursor issued by another database: start again from latestTaskEventCursor. */
  | "FOREIGN_CURSOR"
  | "SERVICE_UNAVAILABLE";

/**
 * An expected failure of a request: bad input, a missing record, a forbidden or conflicting
 * change. Services throw it; `app/format-error.ts` turns it into a GraphQL error in one place.
 */
export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = "DomainError";
  }
}

export const badInput = (message: string, details?: Record<string, unknown>) =>
  new DomainError("BAD_USER_INPUT", message, details);

export const notFound = (what: string, details?: Record<string, unknown>) => new DomainError("NOT_FOUND", `${what} does not exist`, details);
