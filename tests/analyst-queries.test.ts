import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Role } from "../server/shared/auth";
import { routeCity } from "./harness/api-helpers";
import { startTestPlatform, type TestPlatform } from "./harness/test-platform";

const ANALYST = { sub: "analyst", role: Role.ANALYST };
const doc = readFileSync(join(__dirname, "..", "docs", "analyst-queries.md"), "utf8");
const examples = [...doc.matchAll(/^## (.+)\n\n```graphql\n([\s\S]+?)\n```\n\n```json\n([\s\S]+?)\n```/gm)].map(([, question, query, answer]) => ({
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
    const res = await officer.graphql(`{ stats(groupBy: [WARD]) { ward { code } households } }`);
    expect(res.data.stats).toEqual([{ ward: { code: "21550" }, households: 15 }]);
  });

  it("counts only an agency's own tasks for its staff", async () => {
    const staff = api.as({ sub: "s", role: Role.AGENCY_STAFF, agency: "HEALTH_CENTRE" });
    const res = await staff.graphql(`{ stats(groupBy: [AGENCY]) { agency { code } count } }`);
    expect(res.data.stats).toEqual([{ agency: { code: "HEALTH_CENTRE" }, count: 5 }]);
  });

  it("refuses a dimension named twice and filters nested too deep", async () => {
    const twice = await api.as(ANALYST).graphql(`{ stats(groupBy: [WARD, WARD]) { count } }`);
    expect(twice.errors![0]).toMatchObject({ extensions: { code: "BAD_USER_INPUT" } });
    const deep = `{ stats(groupBy: [], filter: ${"{ not: ".repeat(8)}{ area: { eq: URBAN } }${" }".repeat(8)}) { count } }`;
    const res = await api.as(ANALYST).graphql(deep);
    expect(res.errors![0].extensions?.code).toMatch(/BAD_USER_INPUT|QUERY_TOO_COMPLEX/);
    // A task condition first must not let a deep branch past the depth check.
    const hidden = `{ stats(groupBy: [], filter: { and: [{ measure: { eq: "JOB_REFERRAL" } }, ${"{ not: ".repeat(8)}{ area: { eq: URBAN } }${" }".repeat(8)}] }) { count } }`;
    expect((await api.as(ANALYST).graphql(hidden)).errors![0].extensions?.code).toMatch(/BAD_USER_INPUT|QUERY_TOO_COMPLEX/);
  });

  it("counts tasks alike whether or not their distinct households are asked for", async () => {
    const analyst = api.as(ANALYST);
    const both = (await analyst.graphql(`{ stats(groupBy: [MEASURE, TASK_STATUS]) { measure { code } taskStatus count households } }`)).data.stats;
    const countOnly = (await analyst.graphql(`{ stats(groupBy: [MEASURE, TASK_STATUS]) { measure { code } taskStatus count } }`)).data.stats;
    expect(both.length).toBeGreaterThan(5);
    expect(countOnly).toEqual(both.map(({ households: _, ...row }: { households: number }) => row));
  });

  it("treats filter values as values, never as SQL", async () => {
    const res = await api.as(ANALYST).graphql(`{ stats(groupBy: [], filter: { ward: { eq: "21550' OR '1'='1" } }) { households } }`);
    expect(res.data.stats).toEqual([{ households: 0 }]);
  });
});
