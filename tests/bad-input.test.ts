import {
  startTestPlatform,
  type GraphQLResponse,
  type TestPlatform,
} from "./harness/test-platform";

let api: TestPlatform;
beforeAll(async () => {
  api = await startTestPlatform();
});
afterAll(() => api.close());

const expectBadInput = (res: GraphQLResponse & { status: number }, message: RegExp) => {
  expect(res.status).toBeLessThan(500);
  expect(res.errors).toHaveLength(1);
  expect(res.errors![0].extensions!.code).toBe("BAD_USER_INPUT");
  expect(res.errors![0].message).toMatch(message);
  expect(res.errors![0].extensions!.stacktrace).toBeUndefined();
};

describe("bad input gets BAD_USER_INPUT with a message that says what to fix", () => {
  it.each([
    [
      "first above 100",
      `{ households(first: 101) { totalCount } }`,
      /first must be between 1 and 100/,
    ],
    ["first below 1", `{ households(first: 0) { totalCount } }`, /first must be between 1 and 100/],
    [
      "a negative first",
      `{ households(first: -5) { totalCount } }`,
      /first must be between 1 and 100/,
    ],
    [
      "a forged cursor",
      `{ households(after: "bm90LWEtY3Vyc29y") { totalCount } }`,
      /after is not a cursor/,
    ],
    [
      "a cursor that is not base64",
      `{ households(after: "'; DROP TABLE household; --") { totalCount } }`,
      /after is not a cursor/,
    ],
    [
      "an id of the wrong shape",
      `{ household(id: "42") { id } }`,
      /id must be an id as returned by this API/,
    ],
    [
      "a ward id of the wrong shape",
      `{ households(filter: { wardIds: ["nope"] }) { totalCount } }`,
      /filter.wardIds must be an id/,
    ],
    [
      "a malformed ward code",
      `{ households(filter: { wardCodes: ["2155"] }) { totalCount } }`,
      /five-digit GSO codes/,
    ],
    [
      "an unknown enum value in the query",
      `{ households(filter: { classifications: [VERY_POOR] }) { totalCount } }`,
      /VERY_POOR/,
    ],
    [
      "an over-long search",
      `{ households(filter: { search: "${"a".repeat(101)}" }) { totalCount } }`,
      /limited to 100 characters/,
    ],
  ])("%s", async (_, query, message) => {
    expectBadInput(await api.graphql(query), message);
  });

  it("rejects an unknown enum value passed in variables", async () => {
    const res = await api.graphql(
      `query($f: HouseholdFilter) { households(filter: $f) { totalCount } }`,
      { f: { deprivationsAnyOf: ["LONELINESS"] } },
    );
    expectBadInput(res, /LONELINESS/);
  });

  it("rejects a string where a number belongs", async () => {
    expectBadInput(
      await api.graphql(`query($n: Int) { households(first: $n) { totalCount } }`, { n: "ten" }),
      /Int cannot represent/,
    );
  });

  it("keeps serving after bad input", async () => {
    const res = await api.graphql<{ households: { totalCount: number } }>(
      `{ households(first: 1) { totalCount } }`,
    );
    expect(res.data!.households.totalCount).toBe(199);
  });
});
