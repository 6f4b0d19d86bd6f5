import { Role } from "../server/shared/auth";
import { data, householdWith, latestCursor } from "./harness/api-helpers";
import { withinOneBudgetMinute } from "./harness/budget-minute";
import { subscribe } from "./harness/subscriptions";
import { serverUrl } from "./harness/test-database";
import {
  startTestPlatform,
  type GraphQLResponse,
  type TestIdentity,
  type TestPlatform,
} from "./harness/test-platform";

const BUDGET = 3000;
let api: TestPlatform;
beforeAll(async () => {
  api = await startTestPlatform({ COST_BUDGET_PER_MINUTE: String(BUDGET) });
});
afterAll(() => api.close());

/** Eight aliases of a stats question: about 2,000 points, so the second in a minute does not fit a budget of 3,000. */
const HEAVY_STATS = `{ ${Array.from({ length: 8 }, (_, i) => `s${i}: stats(groupBy: [WARD, CLASSIFICATION]) { classification households }`).join(" ")} }`;

interface Budget {
  cost: number;
  limit: number;
  used: number;
  remaining: number;
  resetAt: string;
}

/** The answer to `{ rateLimit { used } }`. */
interface RateLimitUsed {
  rateLimit: Pick<Budget, "used">;
}

const budgetOf = (res: GraphQLResponse) => (res.extensions as { rateLimit: Budget }).rateLimit;

async function post<T = unknown>(platform: TestPlatform, identity: TestIdentity, query: string) {
  const res = await fetch(platform.platform.url, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      authorization: `Bearer ${await platform.tokenFor(identity)}`,
    },
    body: JSON.stringify({ query }),
  });
  return {
    status: res.status,
    retryAfter: res.headers.get("retry-after"),
    body: (await res.json()) as GraphQLResponse<T>,
  };
}

/** Runs a scenario within one budget minute as a user of its own; its answers must name one resetAt. */
const withinOneMinute = (scenario: (analyst: TestIdentity) => Promise<string[]>) =>
  withinOneBudgetMinute(async (round) => {
    const resets = await scenario({ sub: `analyst-${Date.now()}-${round}`, role: Role.ANALYST });
    expect(new Set(resets).size).toBe(1);
  });

describe("cost budget per user", () => {
  it("reports cost, remaining and resetAt in extensions and in the rateLimit field", async () => {
    await withinOneMinute(async (analyst) => {
      const first = await post(api, analyst, `{ wards { code } }`);
      const second = await post<{ rateLimit: Budget }>(
        api,
        analyst,
        `{ wards { code } rateLimit { cost limit used remaining resetAt } }`,
      );
      const a = budgetOf(first.body);
      const b = budgetOf(second.body);
      expect(a).toEqual({
        cost: 10 + 25,
        limit: BUDGET,
        used: 35,
        remaining: BUDGET - 35,
        resetAt: expect.any(String),
      });
      // rateLimit reads no database (cost 0); its five fields cost 1 each, as every field does by default.
      expect(b).toMatchObject({ cost: 35 + 5, used: 75, remaining: BUDGET - 75 });
      expect(second.body.data!.rateLimit).toEqual(b);
      expect(Date.parse(a.resetAt) - Date.now()).toBeLessThanOrEqual(60_000);
      return [a.resetAt, b.resetAt];
    });
  });

  it("answers 429 with Retry-After once an analyst's heavy stats exceed the budget, refusing without spending", async () => {
    await withinOneMinute(async (analyst) => {
      const first = await post(api, analyst, HEAVY_STATS);
      expect(first.status).toBe(200);
      expect(budgetOf(first.body).cost).toBeGreaterThan(BUDGET / 2);
      const refused = await post(api, analyst, HEAVY_STATS);
      expect(refused.status).toBe(429);
      expect(refused.body.errors![0]).toMatchObject({
        extensions: { code: "RATE_LIMITED", remaining: budgetOf(first.body).remaining },
      });
      expect(Number(refused.retryAfter)).toBeGreaterThanOrEqual(1);
      expect(Number(refused.retryAfter)).toBeLessThanOrEqual(60);
      // The refused operation spent nothing: what is left still buys a small one.
      const small = await post(api, analyst, `{ wards { code } }`);
      expect(small.status).toBe(200);
      expect(budgetOf(small.body).remaining).toBe(budgetOf(first.body).remaining - 35);
      return [
        budgetOf(first.body).resetAt,
        refused.body.errors![0].extensions!.resetAt as string,
        budgetOf(small.body).resetAt,
      ];
    });
  });

  it("refuses an operation over WebSocket that does not fit the budget, with an error for that operation", async () => {
    await withinOneMinute(async (analyst) => {
      const first = await post(api, analyst, HEAVY_STATS);
      const overWs = subscribe(api, HEAVY_STATS, {}, { token: api.tokenFor(analyst) });
      await expect(overWs.next()).rejects.toMatchObject({
        errors: [
          expect.objectContaining({
            extensions: expect.objectContaining({ code: "RATE_LIMITED" }),
          }),
        ],
      });
      await overWs.close();
      return [budgetOf(first.body).resetAt];
    });
  });

  it("counts a user's further requests in memory, without a statement, and still reports the exact budget", async () => {
    await withinOneMinute(async (analyst) => {
      const answers = [];
      for (let i = 0; i < 4; i++)
        answers.push((await post<RateLimitUsed>(api, analyst, `{ rateLimit { used } }`)).body);
      // The first request takes exactly its cost, the second a share of the budget ahead; the rest spend that share.
      expect(answers.map((a) => (a.extensions as { sqlStatements: number }).sqlStatements)).toEqual(
        [1, 1, 0, 0],
      );
      expect(answers.map((a) => a.data!.rateLimit)).toEqual([
        { used: 1 },
        { used: 2 },
        { used: 3 },
        { used: 4 },
      ]);
      return answers.map((a) => budgetOf(a).resetAt);
    });
  });

  it("does not starve a ward officer's live feed or queries while an analyst is over budget", async () => {
    const officer = { sub: "officer-21550", role: Role.WARD_OFFICER, ward: "21550" };
    const feed = subscribe<{ taskUpdated: unknown }>(
      api,
      `subscription($after: String) { taskUpdated(wardCode: "21550", after: $after) { event { kind } task { household { code } } } }`,
      { after: await latestCursor(api) },
      { token: api.tokenFor(officer) },
    );
    await withinOneMinute(async (analyst) => {
      const first = await post(api, analyst, HEAVY_STATS);
      expect((await post(api, analyst, HEAVY_STATS)).status).toBe(429);
      return [budgetOf(first.body).resetAt];
    });
    const household = await householdWith(api, { wardCodes: ["21550"] });
    await data(api, `mutation($id: ID!) { routeHousehold(householdId: $id) { createdCount } }`, {
      id: household.id,
    });
    expect((await feed.next()).taskUpdated).toEqual({
      event: { kind: "ROUTED" },
      task: { household: { code: household.code } },
    });
    expect((await post(api, officer, `{ households(first: 5) { totalCount } }`)).status).toBe(200);
    await feed.close();
  });
});

// Several instances share a budget only on a PostgreSQL server: PGlite lives inside one process.
const onPostgres = serverUrl() ? describe : describe.skip;

onPostgres("cost budget across instances (PostgreSQL)", () => {
  let other: TestPlatform;
  beforeAll(async () => {
    other = await startTestPlatform({ COST_BUDGET_PER_MINUTE: String(BUDGET) }, api);
  });
  afterAll(() => other.close());

  it("counts what a user spends on one instance against the same budget on another", async () => {
    await withinOneMinute(async (analyst) => {
      const spentHere = await post(api, analyst, HEAVY_STATS);
      const there = await post<{ rateLimit: Pick<Budget, "used" | "remaining"> }>(
        other,
        analyst,
        `{ rateLimit { used remaining } }`,
      );
      // This question costs 2 (its two fields) on top of what the first instance charged.
      expect(there.body.data!.rateLimit).toEqual({
        used: budgetOf(spentHere.body).used + 2,
        remaining: budgetOf(spentHere.body).remaining - 2,
      });
      const refusedThere = await post(other, analyst, HEAVY_STATS);
      expect(refusedThere.status).toBe(429);
      expect(refusedThere.retryAfter).not.toBeNull();
      return [budgetOf(spentHere.body).resetAt, budgetOf(there.body).resetAt];
    });
  });

  it("never lets a user whose requests alternate between the instances spend more than the budget", async () => {
    await withinOneMinute(async (analyst) => {
      const answers: Awaited<ReturnType<typeof post>>[] = [];
      // 120 questions of 35 points (4,200) in bursts of 12, half on each instance.
      for (let burst = 0; burst < 10; burst++) {
        answers.push(
          ...(await Promise.all(
            Array.from({ length: 12 }, (_, i) =>
              post(i % 2 ? other : api, analyst, `{ wards { code } }`),
            ),
          )),
        );
      }
      const served = answers.filter((a) => a.status === 200);
      expect(answers.every((a) => a.status === 200 || a.status === 429)).toBe(true);
      expect(served.length * 35).toBeLessThanOrEqual(BUDGET);
      // Nor refuse much short of it. Each instance may hold up to an eighth of the budget ahead (its
      // lease), which the other counts as spent until it is given back after the user idles there:
      // so a refusal may come before the last point is spent, and a later request be served from a
      // lease given back (the last burst is not always all refused), but at most those two leases,
      // and a request's cost on each, go unspent.
      expect(served.length * 35).toBeGreaterThanOrEqual((BUDGET * 3) / 4 - 2 * 35);
      return served.map((a) => budgetOf(a.body).resetAt);
    });
  });
});
