import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Role } from "../server/shared/auth";
import { routeCity } from "./harness/api-helpers";
import { startTestPlatform, type TestPlatform } from "./harness/test-platform";

const ANALYST = { sub: "analyst", role: Role.ANALYST };
const doc = readFileSync(join(__dirname, "..", "docs", "analyst-queries.md"), "utf8");
const examples = [
  ...doc.matchAll(/^## (.+)\n\n```graphql\n([\s\S]+?)\n```\n\n```json\n([\s\S]+?)\n```/gm),
].map(([, question, query, answer]) => ({
  question,
  query,
  answer: JSON.parse(answer),
}));

let api: TestPlatform;
beforeAll(async () => {
  api = await startTestPlatform();
  await routeCity(api);
});
afterAll(() => api.close());

describe("docs/analyst-queries.md", () => {
  it("has at least 12 questions", () => {
    expect(examples.length).toBeGreaterThanOrEqual(12);
  });

  it.each(examples.map((e) => [e.question, e] as const))("%s", async (_, example) => {
    const res = await api.as(ANALYST).graphql(example.query);
    expect(res.errors).toBeUndefined();
    expect(res.data).toEqual(example.answer);
  });
});

describe("stats", () => {
  it("counts only within a ward officer's scope", async () => {
    const officer = api.as({ sub: "o", role: Role.WARD_OFFICER, ward: "21550" });
    const res = await officer.graphql<{ stats: unknown[] }>(
      `{ stats(groupBy: [WARD]) { ward { code } households } }`,
    );
    expect(res.data!.stats).toEqual([{ ward: { code: "21550" }, households: 15 }]);
  });

  it("counts only an agency's own tasks for its staff", async () => {
    const staff = api.as({ sub: "s", role: Role.AGENCY_STAFF, agency: "HEALTH_CENTRE" });
    const res = await staff.graphql<{ stats: unknown[] }>(
      `{ stats(groupBy: [AGENCY]) { agency { code } count } }`,
    );
    expect(res.data!.stats).toEqual([{ agency: { code: "HEALTH_CENTRE" }, count: 5 }]);
  });

  it("refuses a dimension named twice and filters nested too deep", async () => {
    const twice = await api.as(ANALYST).graphql(`{ stats(groupBy: [WARD, WARD]) { count } }`);
    expect(twice.errors![0]).toMatchObject({ extensions: { code: "BAD_USER_INPUT" } });
    const deep = `{ stats(groupBy: [], filter: ${"{ not: ".repeat(8)}{ area: { eq: URBAN } }${" }".repeat(8)}) { count } }`;
    const res = await api.as(ANALYST).graphql(deep);
    expect(res.errors![0].extensions?.code).toMatch(/BAD_USER_INPUT|QUERY_TOO_COMPLEX/);
    // A task condition first must not let a deep branch past the depth check.
    const hidden = `{ stats(groupBy: [], filter: { and: [{ measure: { eq: "JOB_REFERRAL" } }, ${"{ not: ".repeat(8)}{ area: { eq: URBAN } }${" }".repeat(8)}] }) { count } }`;
    expect((await api.as(ANALYST).graphql(hidden)).errors![0].extensions?.code).toMatch(
      /BAD_USER_INPUT|QUERY_TOO_COMPLEX/,
    );
  });

  it("counts tasks alike whether or not their distinct households are asked for", async () => {
    const analyst = api.as(ANALYST);
    const both = (
      await analyst.graphql<{ stats: { households: number }[] }>(
        `{ stats(groupBy: [MEASURE, TASK_STATUS]) { measure { code } taskStatus count households } }`,
      )
    ).data!.stats;
    const countOnly = (
      await analyst.graphql<{ stats: unknown[] }>(
        `{ stats(groupBy: [MEASURE, TASK_STATUS]) { measure { code } taskStatus count } }`,
      )
    ).data!.stats;
    expect(both.length).toBeGreaterThan(5);
    expect(countOnly).toEqual(both.map(({ households: _, ...row }: { households: number }) => row));
  });

  it("treats filter values as values, never as SQL", async () => {
    const res = await api
      .as(ANALYST)
      .graphql(
        `{ stats(groupBy: [], filter: { ward: { eq: "21550' OR '1'='1" } }) { households } }`,
      );
    expect(res.errors![0]).toMatchObject({
      message: `filter.ward: no ward has the code "21550' OR '1'='1"`,
      extensions: { code: "BAD_USER_INPUT" },
    });
  });

  it("refuses a ward, measure or agency code that names nothing, at any depth, rather than count zero", async () => {
    const analyst = api.as(ANALYST);
    for (const [filter, message] of [
      [`{ ward: { eq: "2155O" } }`, `filter.ward: no ward has the code "2155O"`],
      [
        `{ or: [{ ward: { eq: "21550" } }, { ward: { in: ["21553", "21999"] } }] }`,
        `filter.ward: no ward has the code "21999"`,
      ],
      [
        `{ not: { measure: { eq: "JOB_REFERAL" } } }`,
        `filter.measure: no support measure has the code "JOB_REFERAL"`,
      ],
      [
        `{ and: [{ agency: { in: ["LABOUR", "HEALTH"] } }] }`,
        `filter.agency: no agency has the code "HEALTH"`,
      ],
    ]) {
      const res = await analyst.graphql(`{ stats(groupBy: [], filter: ${filter}) { count } }`);
      expect([filter, res.errors?.[0]]).toEqual([
        filter,
        expect.objectContaining({
          message,
          extensions: expect.objectContaining({ code: "BAD_USER_INPUT", argument: "filter" }),
        }),
      ]);
    }
    const known = await analyst.graphql(
      `{ stats(groupBy: [], filter: { ward: { in: ["21550", "21553"] }, measure: { eq: "JOB_REFERRAL" }, agency: { eq: "LABOUR" } }) { count } }`,
    );
    expect(known.errors).toBeUndefined();
  });

  it("matches nothing with an empty or, and everything with an empty and", async () => {
    const analyst = api.as(ANALYST);
    const households = async (filter: string) =>
      (
        await analyst.graphql<{ stats: { households: number }[] }>(
          `{ stats(groupBy: [], filter: ${filter}) { households } }`,
        )
      ).data!.stats[0].households;
    expect(await households(`{ or: [] }`)).toBe(0);
    expect(await households(`{ classification: { eq: POOR }, or: [] }`)).toBe(0);
    expect(await households(`{ not: { or: [] } }`)).toBe(199);
    expect(await households(`{ and: [] }`)).toBe(199);
  });
});
