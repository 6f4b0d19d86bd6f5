import { GraphQLError } from "graphql";
import { DomainError } from "../shared/errors";
import type { Logger } from "../shared/logger";
import { httpHeadersOf, httpStatusOf, RequestRefusal, toClientError } from "./format-error";

const logged: string[] = [];
const logger = {
  error: (_fields: unknown, message: string) => void logged.push(message),
} as unknown as Logger;

describe("toClientError, the same on every transport", () => {
  beforeEach(() => void (logged.length = 0));

  it("keeps a domain error's code, key and details, worded in the reader's language, with its HTTP status", () => {
    const refused = new DomainError(
      "RATE_LIMITED",
      "error.rateLimited.requests",
      { perMinute: 5, resetAt: "2026-01-01T00:01:00Z" },
      { retryAfterSeconds: 7 },
    );
    const answer = toClientError(refused, { development: false, logger, language: "vi" });
    expect(answer.message).toBe(refused.messageIn("vi"));
    expect(answer.extensions).toEqual(refused.extensions);
    expect(httpStatusOf(answer)).toBe(429);
    expect(httpHeadersOf(answer)).toEqual([["retry-after", "7"]]);
  });

  it("answers a refused request body BAD_REQUEST with its key", () => {
    const answer = toClientError(new RequestRefusal(400, "error.request.json"), {
      development: true,
      logger,
      language: "vi",
    });
    expect(answer).toEqual({
      message: "nội dung yêu cầu không phải JSON hợp lệ",
      extensions: { code: "BAD_REQUEST", messageKey: "error.request.json", messageParams: {} },
    });
  });

  it("never reveals an unexpected error outside GraphQL, even in development, and logs it", () => {
    const answer = toClientError(new Error("SELECT secret"), { development: true, logger });
    expect(answer).toMatchObject({
      message: "Internal server error",
      extensions: { code: "INTERNAL_SERVER_ERROR", messageKey: "error.internal" },
    });
    expect(httpStatusOf(answer)).toBe(500);
    expect(logged).toEqual(["unexpected error"]);
  });

  it("keeps graphql-js's own rendering of a GraphQL error with a code, its path included", () => {
    const error = new GraphQLError("the operation is nested deeper than 8 levels", {
      path: ["a"],
      extensions: { code: "QUERY_TOO_COMPLEX" },
    });
    expect(toClientError(error, { development: false, logger })).toEqual({
      message: error.message,
      path: ["a"],
      extensions: { code: "QUERY_TOO_COMPLEX" },
    });
  });
});
