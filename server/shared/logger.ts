import pino, { type Logger } from "pino";

export type { Logger };

/**
 * Structured JSON logs on stderr. What goes in is chosen where each line is written: request ids,
 * operation names, error codes and messages, timings — never tokens, SQL parameters or household data.
 */
export function createLogger(level: string): Logger {
  return pino(
    { level, base: { service: "qn-platform" }, timestamp: pino.stdTimeFunctions.isoTime },
    process.stderr,
  );
}
