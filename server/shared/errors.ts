import { translate, type Language, type MessageParams } from "./i18n";

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
 * Its text is a catalogue key with parameters (`extensions.messageKey`, `messageParams`), so each
 * client reads it in its own language; `message` holds the English, for logs and tests.
 */
export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    readonly messageKey: string,
    readonly messageParams: MessageParams = {},
    readonly details: Record<string, unknown> = {},
  ) {
    super(translate("en", messageKey, messageParams));
    this.name = "DomainError";
  }

  /** The message in `language`. */
  messageIn(language: Language): string {
    return translate(language, this.messageKey, this.messageParams);
  }

  /** What a client reads besides the message: the code, the message's key and parameters, and the details. */
  get extensions(): Record<string, unknown> {
    return {
      ...this.details,
      code: this.code,
      messageKey: this.messageKey,
      messageParams: this.messageParams,
    };
  }
}

export const badInput = (
  messageKey: string,
  params?: MessageParams,
  details?: Record<string, unknown>,
) => new DomainError("BAD_USER_INPUT", messageKey, params, details);

/** A record that does not exist: `messageKey` names what was looked for (`error.notFound.task`). */
export const notFound = (
  messageKey: string,
  params?: MessageParams,
  details?: Record<string, unknown>,
) => new DomainError("NOT_FOUND", messageKey, params, details);
