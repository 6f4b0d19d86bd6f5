/**
 * A reason the platform (or one of its commands) cannot start that a person can act on: the message
 * says what happened and what to do, in one line, and is printed without a stack trace.
 */
export class StartupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "StartupError";
  }
}
