import { SeededRandom } from "../server/modules/plan-data/seeded-random";
import { Role } from "../server/shared/auth";
import { data, routeCity } from "./harness/api-helpers";
import { startTestPlatform, type TestPlatform } from "./harness/test-platform";

let api: TestPlatform;
let token: string;
beforeAll(async () => {
  api = await startTestPlatform();
  await routeCity(api);
  token = await api.tokenFor({ sub: "fuzzer", role: Role.ADMIN });
});
afterAll(() => api.close());

const NASTY: unknown[] = [
  "' OR 1=1 --",
  "'); DROP TABLE household; --",
  '"}]}{"a":',
  "%",
  "_",
  "\\",
  "\u0000",
  "\ud800",
  "../../etc/passwd",
  "<script>alert(1)</script>",
  "x".repeat(5000),
  "Nguyễn".repeat(2000),
  -1,
  0,
  2 ** 31,
  -(2 ** 53),
  1.5,
  1e308,
  true,
  null,
  [],
  {},
  [[[[[[["deep"]]]]]]],
  { $where: "1" },
  "00000000-0000-4000-8000-000000000000",
  "ZXYxOjE6MQ",
  Buffer.from('["household","QN","not-a-uuid"]').toString("base64url"),
  Buffer.from("ev1:99999999999999999999:1").toString("base64url"),
];

const OPERATIONS = [
  `query($v: ID!) { household(id: $v) { id } }`,
  `query($v: ID!) { task(id: $v) { id } }`,
  `query($v: Int) { households(first: $v) { totalCount } }`,
  `query($v: String) { households(after: $v) { totalCount } }`,
  `query($v: HouseholdFilter) { households(filter: $v) { totalCount } }`,
  `query($v: String) { households(filter: { search: $v }) { totalCount } }`,
  `query($v: [String!]) { households(filter: { wardCodes: $v }) { totalCount } }`,
  `query($v: [ID!]) { households(filter: { wardIds: $v }) { totalCount } }`,
  `query($v: TaskFilter) { tasks(filter: $v) { totalCount } }`,
  `query($v: String) { tasks(after: $v) { totalCount } }`,
  `query($v: PlanTargetFilter) { planTargets(filter: $v) { code } }`,
  `query($v: PlanTargetFilter) { planProgress(year: 2024, filter: $v) { actual } }`,
  `query($v: Int!) { planProgress(year: $v) { actual } }`,
  `query($v: StatsFilter) { stats(groupBy: [WARD], filter: $v) { count } }`,
  `query($v: [StatsDimension!]!) { stats(groupBy: $v) { count } }`,
  `query($v: CountConditionInput) { stats(groupBy: [AREA], having: $v) { count } }`,
  `query($v: String) { personalDataAccessLog(after: $v) { edges { node { id } } } }`,
  `mutation($v: ID!) { routeHousehold(householdId: $v) { createdCount } }`,
  `mutation($v: ID!) { acceptTask(id: $v, version: 1) { id } }`,
  `mutation($v: Int!) { acceptTask(id: "00000000-0000-4000-8000-000000000000", version: $v) { id } }`,
  `mutation($v: String!) { commentOnTask(id: "00000000-0000-4000-8000-000000000000", version: 1, text: $v) { id } }`,
  `mutation($v: String!) { reassignTask(id: "00000000-0000-4000-8000-000000000000", version: 1, agencyCode: $v, reason: $v) { id } }`,
  `mutation($v: TaskDetailsInput!) { updateTaskDetails(id: "00000000-0000-4000-8000-000000000000", version: 1, details: $v) { id } }`,
  `mutation($v: HouseholdAssessmentInput!) { updateHouseholdAssessment(householdId: "00000000-0000-4000-8000-000000000000", version: 1, assessment: $v) { household { id } } }`,
  `mutation($v: RoutingRuleInput!) { createRoutingRule(code: "FUZZ", rule: $v) { id } }`,
  `mutation($v: String!) { createRoutingRule(code: $v, rule: { deprivation: EMPLOYMENT, measureCode: $v, ownerAgencyCode: $v }) { id } }`,
  `mutation($v: HouseholdFilter!) { routeHouseholds(filter: $v) { createdCount } }`,
];

const RAW_BODIES = [
  "{",
  "null",
  "[]",
  '{"query": 42}',
  '{"query": "{ wards { code } }", "variables": "nope"}',
  '{"query": "' + "{ wards ".repeat(3000) + '"}',
  '{"query": "{ ' +
    Array.from({ length: 3000 }, (_, i) => `a${i}: wards { code }`).join(" ") +
    ' }"}',
  '{"query": "query { __typename } query { __typename }"}',
  '{"query": "{ households(first: 1) { edges { node { members { members } } } } }"}',
];

/** Row counts of every table whose rows a request could write (not the rate-limit and access-log bookkeeping). */
async function rowCounts(): Promise<Record<string, number>> {
  const ds = api.platform.database.dataSource;
  const tables: { table_name: string }[] = await ds.query(
    `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name NOT IN ('request_rate', 'personal_data_access', 'migrations') ORDER BY 1`,
  );
  const counts: Record<string, number> = {};
  for (const { table_name } of tables)
    counts[table_name] = (await ds.query(`SELECT count(*)::int AS n FROM ${table_name}`))[0].n;
  return counts;
}

const send = async (body: string) => {
  const res = await fetch(api.platform.url, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
    body,
  });
  const text = await res.text();
  return { status: res.status, text };
};

describe("fuzzing the API", () => {
  it("answers malformed operations, variables and bodies without a 5xx, an internal error, a crash or a write", async () => {
    const before = await rowCounts();
    const random = new SeededRandom(20_241_406);
    const failures: string[] = [];
    const check = (what: string, r: { status: number; text: string }) => {
      if (r.status >= 500 || r.text.includes("INTERNAL_SERVER_ERROR"))
        failures.push(`${r.status} for ${what.slice(0, 120)}: ${r.text.slice(0, 200)}`);
    };
    for (const query of OPERATIONS) {
      for (const v of NASTY)
        check(
          `${query} with ${JSON.stringify(v)}`,
          await send(JSON.stringify({ query, variables: { v } })),
        );
      for (let i = 0; i < 5; i++) {
        const v = {
          [random.pick(["wardIds", "search", "statuses", "first", "deprivation", "measureCode"])]:
            random.pick(NASTY),
        };
        check(
          `${query} with ${JSON.stringify(v)}`,
          await send(JSON.stringify({ query, variables: { v } })),
        );
      }
    }
    for (const body of RAW_BODIES) check(body, await send(body));
    expect(failures).toEqual([]);
    expect(await rowCounts()).toEqual(before);
    expect(
      (await data<{ households: { totalCount: number } }>(api, `{ households { totalCount } }`))
        .households.totalCount,
    ).toBe(199);
  });
});
