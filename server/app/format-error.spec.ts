import { GraphQLError } from "graphql";
import { translate } from "../shared/i18n";
import type { Logger } from "../shared/logger";
import { createErrorFormatter, localized } from "./format-error";

const silent = { error: () => undefined } as unknown as Logger;

describe("errors the server words itself", () => {
  const format = createErrorFormatter(false, silent);
  const formatted = (error: unknown) =>
    format(new GraphQLError("raw", { originalError: error as Error }).toJSON(), error);

  it("words a database out of reach as SERVICE_UNAVAILABLE in either language, with its key", () => {
    const answer = formatted(
      Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" }),
    );
    expect(answer.extensions).toEqual({
      code: "SERVICE_UNAVAILABLE",
      retryable: true,
      messageKey: "error.databaseUnavailable",
      messageParams: {},
    });
    expect(answer.message).toBe(translate("en", "error.databaseUnavailable"));
    expect(localized(answer, "vi").message).toBe(
      "không kết nối được cơ sở dữ liệu; hãy thử lại sau ít phút",
    );
  });

  it("words an unexpected failure outside development as INTERNAL_SERVER_ERROR without its details", () => {
    const answer = formatted(new Error("SELECT secret FROM somewhere"));
    expect(answer).toMatchObject({
      message: "Internal server error",
      extensions: { code: "INTERNAL_SERVER_ERROR", messageKey: "error.internal" },
    });
    expect(localized(answer, "vi").message).toBe("Lỗi máy chủ nội bộ");
  });

  it("leaves graphql-js's own messages, which have no key, as they are", () => {
    const plain = {
      message: 'Cannot query field "x" on type "Query".',
      extensions: { code: "GRAPHQL_VALIDATION_FAILED" },
    };
    expect(localized(plain, "vi")).toBe(plain);
  });
});
