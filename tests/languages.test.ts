import { randomUUID } from "node:crypto";
import { createClient } from "graphql-ws";
import WebSocket from "ws";
import { Role } from "../server/shared/auth";
import { translate, type Language } from "../server/shared/i18n";
import {
  startTestPlatform,
  type GraphQLResponse,
  type TestIdentity,
  type TestPlatform,
} from "./harness/test-platform";
import { householdRow, memberRow, xlsxList } from "./harness/review-lists";
import { createClient as createPlatformClient, GraphQLRequestError } from "@quy-nhon/client-sdk";

type Answer<T = unknown> = GraphQLResponse<T> & { status: number };

// Issue 17: every message a person reads comes from one catalogue, in Vietnamese or English, and
// keeps its stable code; the key and its parameters travel with it.
describe("messages in the reader's language", () => {
  let api: TestPlatform;
  // Four requests a minute per user: enough for each case's identity, and a budget the RATE_LIMITED case can spend.
  beforeAll(async () => void (api = await startTestPlatform({ RATE_LIMIT_PER_MINUTE: "4" })));
  afterAll(async () => void (await api?.close()));

  const ask = async <T = unknown>(
    query: string,
    options: {
      as: TestIdentity | "bad token";
      language?: string;
      variables?: Record<string, unknown>;
    },
  ): Promise<Answer<T>> => {
    const authorization =
      options.as === "bad token"
        ? "Bearer not-a-token"
        : `Bearer ${await api.tokenFor(options.as)}`;
    const headers: Record<string, string> = {
      "content-type": "application/json",
      authorization,
      ...(options.language ? { "accept-language": options.language } : {}),
    };
    const res = await fetch(api.platform.url, {
      method: "POST",
      headers,
      body: JSON.stringify({ query, variables: options.variables }),
    });
    return { ...((await res.json()) as GraphQLResponse<T>), status: res.status };
  };
  const admin = (name: string): TestIdentity => ({ sub: `languages-${name}`, role: Role.ADMIN });

  /** The one error of the answer, checked to be worded from its key in `language`. */
  const wordedError = (answer: Answer, language: Language) => {
    expect(answer.errors).toHaveLength(1);
    const [error] = answer.errors!;
    const { messageKey, messageParams } = error.extensions as {
      messageKey: string;
      messageParams: Record<string, string | number>;
    };
    expect(typeof messageKey).toBe("string");
    expect(error.message).toBe(translate(language, messageKey, messageParams));
    return { code: error.extensions!.code, messageKey, message: error.message };
  };

  const expectBothLanguages = (
    vi: ReturnType<typeof wordedError>,
    en: ReturnType<typeof wordedError>,
    code: string,
    messageKey: string,
  ) => {
    expect(vi).toMatchObject({ code, messageKey });
    expect(en).toMatchObject({ code, messageKey });
    expect(vi.message).not.toBe(en.message);
  };

  let routed: Promise<unknown> | undefined;
  /** A ROUTED task of Nhơn Bình, routing the ward first. */
  async function openTask(): Promise<{ id: string; version: number }> {
    await (routed ??= ask(
      `mutation { routeHouseholds(filter: { wardCodes: ["21550"] }) { createdCount } }`,
      { as: admin("route") },
    ));
    const res = await ask<{ tasks: { edges: { node: { id: string; version: number } }[] } }>(
      `{ tasks(first: 1, filter: { statuses: [ROUTED] }) { edges { node { id version } } } }`,
      { as: admin("tasks") },
    );
    return res.data!.tasks.edges[0].node;
  }

  const cases: [
    code: string,
    messageKey: string,
    request: () => Promise<{
      query: string;
      as: TestIdentity | "bad token";
      variables?: Record<string, unknown>;
    }>,
  ][] = [
    [
      "BAD_USER_INPUT",
      "error.input.pageSize",
      async () => ({ query: `{ households(first: 1000) { totalCount } }`, as: admin("bad-input") }),
    ],
    [
      "NOT_FOUND",
      "error.notFound.task",
      async () => ({
        query: `mutation($id: ID!) { acceptTask(id: $id, version: 1) { id } }`,
        variables: { id: randomUUID() },
        as: admin("not-found"),
      }),
    ],
    [
      "FORBIDDEN",
      "error.forbidden.operation",
      async () => ({
        query: `mutation { routeHouseholds(filter: {}) { createdCount } }`,
        as: { sub: "languages-analyst", role: Role.ANALYST },
      }),
    ],
    [
      "UNAUTHENTICATED",
      "error.auth.invalid",
      async () => ({ query: `{ wards { code } }`, as: "bad token" }),
    ],
    [
      "QUERY_TOO_COMPLEX",
      "error.query.aliases",
      async () => ({
        query: `{ wards { ${Array.from({ length: 60 }, (_, i) => `a${i}: code`).join(" ")} } }`,
        as: admin("complex"),
      }),
    ],
    [
      "CONFLICT",
      "error.task.stale",
      async () => {
        const task = await openTask();
        return {
          query: `mutation($id: ID!, $v: Int!) { acceptTask(id: $id, version: $v) { id } }`,
          variables: { id: task.id, v: task.version + 100 },
          as: admin("conflict"),
        };
      },
    ],
    [
      "ILLEGAL_TRANSITION",
      "error.task.illegalTransition",
      async () => {
        const task = await openTask();
        return {
          query: `mutation($id: ID!, $v: Int!) { completeTask(id: $id, version: $v, outcome: "xong") { id } }`,
          variables: { id: task.id, v: task.version },
          as: admin("illegal"),
        };
      },
    ],
    [
      "RATE_LIMITED",
      "error.rateLimited.requests",
      async () => {
        const spender = admin("rate-limited");
        for (let i = 0; i < 4; i++)
          expect((await ask(`{ wards { code } }`, { as: spender })).errors).toBeUndefined();
        return { query: `{ wards { code } }`, as: spender };
      },
    ],
  ];

  it.each(cases)(
    "words %s (%s) in Vietnamese or English as Accept-Language asks, English when it asks nothing",
    async (code, messageKey, request) => {
      const { query, as, variables } = await request();
      const vi = wordedError(
        await ask(query, { as, variables, language: "vi-VN,vi;q=0.9,en;q=0.5" }),
        "vi",
      );
      const en = wordedError(await ask(query, { as, variables, language: "en-US" }), "en");
      expectBothLanguages(vi, en, code, messageKey);
      if (code !== "RATE_LIMITED")
        expect(wordedError(await ask(query, { as, variables }), "en")).toEqual(en);
    },
  );

  it("names a task's status in the reader's words, while messageParams keep the API's values", async () => {
    const task = await openTask();
    const refused = (language: Language) =>
      ask(
        `mutation($id: ID!, $v: Int!) { completeTask(id: $id, version: $v, outcome: "xong") { id } }`,
        {
          as: admin(`status-words-${language}`),
          language,
          variables: { id: task.id, v: task.version },
        },
      );
    const [vi, en] = [(await refused("vi")).errors![0], (await refused("en")).errors![0]];
    expect(vi.message).toBe(
      "không thể hoàn thành nhiệm vụ đang ở trạng thái Mới giao; chỉ được khi nhiệm vụ ở trạng thái Đang thực hiện",
    );
    expect(en.message).toBe("cannot complete a task that is Routed; allowed from In progress");
    for (const error of [vi, en])
      expect(error.extensions).toMatchObject({
        code: "ILLEGAL_TRANSITION",
        status: "ROUTED",
        action: "COMPLETE",
        messageParams: { action: "COMPLETE", status: "ROUTED", allowed: "IN_PROGRESS" },
      });
  });

  it("words a request refused before GraphQL (a body that is not JSON) in the asked language", async () => {
    const refuse = async (language: string) => {
      const res = await fetch(api.platform.url, {
        method: "POST",
        headers: { "content-type": "application/json", "accept-language": language },
        body: "{ not json",
      });
      return { ...((await res.json()) as GraphQLResponse), status: res.status };
    };
    expectBothLanguages(
      wordedError(await refuse("vi"), "vi"),
      wordedError(await refuse("en"), "en"),
      "BAD_REQUEST",
      "error.request.json",
    );
  });

  it("puts a user's own setMyLanguage before Accept-Language", async () => {
    const officer: TestIdentity = {
      sub: "languages-setting",
      role: Role.WARD_OFFICER,
      ward: "21550",
    };
    expect((await ask(`{ myLanguage }`, { as: officer })).data).toEqual({ myLanguage: null });
    expect((await ask(`mutation { setMyLanguage(language: VI) }`, { as: officer })).data).toEqual({
      setMyLanguage: "VI",
    });
    const error = wordedError(
      await ask(`{ households(first: 1000) { totalCount } }`, { as: officer, language: "en" }),
      "vi",
    );
    expect(error).toMatchObject({ code: "BAD_USER_INPUT", messageKey: "error.input.pageSize" });
    expect((await ask(`{ myLanguage }`, { as: officer })).data).toEqual({ myLanguage: "VI" });
  });

  it("words WebSocket errors in the language of connection_init", async () => {
    const errorOver = async (language: Language) => {
      const client = createClient({
        url: api.platform.url.replace(/^http/, "ws"),
        webSocketImpl: WebSocket,
        retryAttempts: 0,
        connectionParams: {
          authorization: `Bearer ${await api.tokenFor(admin(`ws-${language}`))}`,
          language,
        },
      });
      try {
        return await new Promise<Answer>((resolve) => {
          client.subscribe(
            {
              query: `subscription { taskUpdated(wardCode: "21550", after: "bm90LWEtY3Vyc29y") { cursor } }`,
            },
            {
              // A subscription refused as it starts answers with its errors as a result.
              next: (result) =>
                void (
                  result.errors && resolve({ errors: result.errors as Answer["errors"], status: 0 })
                ),
              error: (errors) => resolve({ errors: errors as Answer["errors"], status: 0 }),
              complete: () => undefined,
            },
          );
        });
      } finally {
        await client.dispose();
      }
    };
    expectBothLanguages(
      wordedError(await errorOver("vi"), "vi"),
      wordedError(await errorOver("en"), "en"),
      "BAD_USER_INPUT",
      "error.subscription.cursor",
    );
  });

  it("answers the client SDK in its `language` option, over HTTP and WebSocket", async () => {
    const client = createPlatformClient({
      url: api.platform.url,
      token: () => api.tokenFor(admin("sdk")),
      language: "vi",
    });
    try {
      const refused = await client
        .acceptTask({ id: randomUUID(), version: 1 })
        .catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(GraphQLRequestError);
      const [error] = (refused as GraphQLRequestError).errors;
      expect(error.message).toBe(
        translate(
          "vi",
          "error.notFound.task",
          error.extensions!.messageParams as Record<string, string>,
        ),
      );
      const failed = await client
        .taskUpdated({ wardCode: "21550" }, "bm90LWEtY3Vyc29y")
        .next()
        .catch((e: unknown) => e);
      expect((failed as GraphQLRequestError).errors[0].message).toBe(
        translate("vi", "error.subscription.cursor"),
      );
    } finally {
      await client.dispose();
    }
  });

  it("words every kind of bad cell of a review list in the asked language, with its key", async () => {
    const rows = [
      householdRow("QN-21550-7001", {
        "Phân loại hộ": "giàu",
        "Thiếu hụt: Việc làm": "có lẽ",
        "Nguyên nhân nghèo": "9",
        "Khu vực": "",
      }),
      memberRow("QN-21550-7001", {
        "Quan hệ với chủ hộ": "Chủ hộ",
        "Năm sinh": 1850,
        "Số CCCD": "123",
        "Phân loại hộ": "Hộ nghèo",
      }),
      householdRow("QN-21550-7002", {
        "Thu nhập bình quân (đồng/người/tháng)": "nhiều",
        "Điểm thu nhập (điểm A)": 5000,
        "Số CCCD": 52001000123,
        "Quan hệ với chủ hộ": "Con",
      }),
      householdRow("qn 7003", { "Họ và tên": "x".repeat(201), "Số CCCD": "052001000999" }),
      householdRow("QN-21550-7004", { "Địa chỉ": "", "Số CCCD": "052001000999" }),
      memberRow("QN-21550-7005", { "Họ và tên": "x".repeat(201) }),
      householdRow("QN-21550-7006", { "Số CCCD": "052001000999" }),
      householdRow("QN-21550-7007"),
    ];
    delete rows[rows.length - 1]["Năm sinh"];
    const file = await xlsxList(rows);
    const importAs = async (language: string) => {
      const form = new FormData();
      const query = `mutation($file: Upload!) { importHouseholds(file: $file, wardCode: "21550", review: "2024-PERIODIC", dryRun: true) { message issues { reason reasonKey reasonParams } } }`;
      form.append("operations", JSON.stringify({ query, variables: { file: null } }));
      form.append("map", JSON.stringify({ 0: ["variables.file"] }));
      form.append("0", new Blob([new Uint8Array(file)]), "list.xlsx");
      const res = await fetch(api.platform.url, {
        method: "POST",
        headers: {
          authorization: `Bearer ${await api.tokenFor(admin(`import-${language}`))}`,
          "apollo-require-preflight": "true",
          "accept-language": language,
        },
        body: form,
      });
      return (
        (await res.json()) as GraphQLResponse<{
          importHouseholds: {
            message: string;
            issues: {
              reason: string;
              reasonKey: string;
              reasonParams: Record<string, string | number>;
            }[];
          };
        }>
      ).data!.importHouseholds;
    };
    const [vi, en] = [await importAs("vi"), await importAs("en")];
    expect(vi.message).toBe(translate("vi", "intake.report.problems", { count: vi.issues.length }));
    expect(en.message).toMatch(/problems in the file; nothing was imported/);
    expect(vi.issues.map((i) => i.reasonKey)).toEqual(en.issues.map((i) => i.reasonKey));
    for (const [language, report] of [
      ["vi", vi],
      ["en", en],
    ] as const) {
      for (const issue of report.issues)
        expect(issue.reason).toBe(translate(language, issue.reasonKey, issue.reasonParams));
    }
    // Every kind a single file can show (the others need the database's households: another ward's code, a later review).
    expect(new Set(vi.issues.map((i) => i.reasonKey))).toEqual(
      new Set([
        "intake.issue.notOneOf",
        "intake.issue.yesNo",
        "intake.issue.povertyCauses",
        "intake.issue.differsFromFirstRow",
        "intake.issue.birthYear",
        "intake.issue.nationalId",
        "intake.issue.wholeNumber",
        "intake.issue.between",
        "intake.issue.idAsNumber",
        "intake.issue.noHead",
        "intake.issue.householdCode",
        "intake.issue.tooLong",
        "intake.issue.sameIdNumber",
        "intake.issue.requiredOnFirstRow",
        "intake.issue.manyHeads",
        "intake.issue.required",
      ]),
    );
  });
});
