import { Role } from "../server/shared/auth";
import { data } from "./harness/api-helpers";
import { withinOneBudgetMinute } from "./harness/budget-minute";
import {
  HouseholdCountDocument,
  HouseholdHeadsDocument,
  HouseholdReviewKindDocument,
  HouseholdsPagedDocument,
  WardCodesDocument,
  type HouseholdFilter,
  type HouseholdsPagedQuery,
} from "./harness/operations.generated";
// A list and a household as the SDK asks for them (`client.listHouseholds`, `client.getHousehold`).
import {
  GetHouseholdDocument,
  ListHouseholdsDocument,
} from "../client-sdk/src/generated/operations";
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

const totalCount = async (filter: HouseholdFilter) =>
  (await data(api, HouseholdCountDocument, { filter })).households.totalCount;

describe("households(filter)", () => {
  it("finds the 43 poor households lacking health insurance", async () => {
    expect(
      await totalCount({ classifications: ["POOR"], deprivationsAnyOf: ["HEALTH_INSURANCE"] }),
    ).toBe(43);
  });

  it("matches any-of and all-of deprivations", async () => {
    expect(
      await totalCount({ deprivationsAnyOf: ["TELECOM_SERVICES", "INFORMATION_ACCESS_MEANS"] }),
    ).toBe(54);
    const both = await totalCount({ deprivationsAllOf: ["EMPLOYMENT", "HEALTH_INSURANCE"] });
    const employment = await totalCount({ deprivationsAnyOf: ["EMPLOYMENT"] });
    expect(both).toBeGreaterThan(0);
    expect(both).toBeLessThan(employment);
    expect(await totalCount({ deprivationsAllOf: ["NUTRITION", "HEALTH_INSURANCE"] })).toBe(0);
  });

  it("filters by poverty cause, classification and ward code together", async () => {
    expect(
      await totalCount({ povertyCauses: ["NO_PRODUCTION_KNOWLEDGE", "NO_LABOUR_SKILLS"] }),
    ).toBe(37);
    expect(await totalCount({ wardCodes: ["21550"] })).toBe(15);
    expect(await totalCount({ wardCodes: ["21550"], classifications: ["POOR"] })).toBe(3);
    expect(await totalCount({ wardCodes: ["21556"], classifications: ["POOR"] })).toBe(0);
    expect(await totalCount({ wardCodes: ["21550", "21553"] })).toBe(27);
  });

  it("filters by ward id", async () => {
    const { wards } = await data(api, WardCodesDocument);
    const nhonBinh = wards.find((w) => w.code === "21550")!.id;
    expect(await totalCount({ wardIds: [nhonBinh] })).toBe(15);
  });

  it("searches code and head's name ignoring case and Vietnamese diacritics", async () => {
    const res = await data(api, HouseholdHeadsDocument, { filter: { search: "nguyen van" } });
    const heads = res.households.edges.map(
      (e) => e.node.members?.find((m) => m.relationToHead === "HEAD")?.fullName,
    );
    expect(heads.length).toBeGreaterThan(0);
    for (const name of heads) expect(name).toMatch(/^Nguyễn Văn /);
    expect(res.households.totalCount).toBe(heads.length);

    const accented = await totalCount({ search: "NGUYỄN VĂN" });
    expect(accented).toBe(heads.length);
    expect(await totalCount({ search: "qn-21550-000" })).toBe(9);
    expect(await totalCount({ search: "%" })).toBe(0);
    expect(await totalCount({ search: "_" })).toBe(0);
  });
});

describe("households pagination", () => {
  it("pages through every household once, in a stable order, with opaque cursors", async () => {
    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    do {
      const { households: conn }: HouseholdsPagedQuery = await data(api, HouseholdsPagedDocument, {
        first: 23,
        after,
      });
      expect(conn.totalCount).toBe(199);
      expect(conn.pageInfo.hasPreviousPage).toBe(after !== null);
      expect(conn.pageInfo.startCursor).toBe(conn.edges[0].cursor);
      expect(conn.edges[0].cursor).not.toContain(conn.edges[0].node.code);
      seen.push(...conn.edges.map((e) => e.node.code));
      after = conn.pageInfo.hasNextPage ? (conn.pageInfo.endCursor ?? null) : null;
      pages += 1;
    } while (after);
    expect(pages).toBe(Math.ceil(199 / 23));
    expect(new Set(seen).size).toBe(199);
    expect(seen).toEqual([...seen].sort());
  });

  it("continues a filtered list from a cursor", async () => {
    const poor: HouseholdFilter = { classifications: ["POOR"] };
    const first = (await data(api, ListHouseholdsDocument, { first: 2, filter: poor })).households;
    const next = (
      await data(api, ListHouseholdsDocument, {
        first: 2,
        after: first.pageInfo.endCursor,
        filter: poor,
      })
    ).households;
    const codes = next.edges.map((e) => e.node.code);
    expect(codes[0] > first.edges[1].node.code).toBe(true);
    expect(next.edges.every((e) => e.node.classification === "POOR")).toBe(true);
  });
});

describe("household(id)", () => {
  it("returns a household with its ward, members (head first), deprivations and review", async () => {
    const list = await data(api, ListHouseholdsDocument, {
      first: 1,
      filter: { deprivationsAnyOf: ["NUTRITION"] },
    });
    const id = list.households.edges[0].node.id;
    const h = (await data(api, GetHouseholdDocument, { id })).household!;
    expect(h.id).toBe(id);
    expect(h.deprivations).toContainEqual({ indicator: "NUTRITION", dimension: "HEALTH" });
    const members = h.members ?? [];
    expect(members[0]).toMatchObject({ position: 1, relationToHead: "HEAD" });
    expect(members.some((m) => 2023 - m.birthYear < 16)).toBe(true);
    for (const m of members) expect(m.nationalIdNumber).toMatch(/^052\d{9}$/);
    expect(h.classifiedInReview).toEqual({
      code: "2023-PERIODIC",
      startsOn: "2023-09-01",
      endsOn: "2023-12-14",
    });
    expect((await data(api, HouseholdReviewKindDocument, { id })).household).toEqual({
      classifiedInReview: { kind: "PERIODIC" },
    });
    expect(h.incomePerPersonMonthly).toBeLessThanOrEqual(
      h.area === "URBAN" ? 2_000_000 : 1_500_000,
    );
  });

  it("returns null for an unknown id", async () => {
    expect(
      (await data(api, GetHouseholdDocument, { id: "00000000-0000-4000-8000-000000000000" }))
        .household,
    ).toBeNull();
  });
});

/**
 * A user of its own, active: its first two requests (of the heaviest query counted) take the rate
 * limit's exact charge and then a lease of 32 requests sized by them, so a few counted requests
 * after them in the same minute pay no rate statement, however many requests the file sent before
 * and whatever they cost. Returns a function that sends a query as that user and counts its statements.
 */
const activeUser = async <T>(sub: string, heaviest: string) => {
  const user = api.as({ sub, role: Role.ADMIN });
  await user.graphql(heaviest, { first: 100 });
  await user.graphql(heaviest, { first: 100 });
  return async (query: string, variables: Record<string, unknown>) => {
    const response = await user.graphql<T>(query, variables);
    return { response, statements: response.extensions!.sqlStatements as number };
  };
};

/** What the SQL-statement tests read of a households page (a query may leave out the count or the cursor). */
interface HouseholdsPage {
  households: { totalCount?: number; edges: unknown[]; pageInfo?: { endCursor: string | null } };
}

describe("SQL statements per request", () => {
  const pageQuery = `query($first: Int) { households(first: $first) { edges { node { code ward { name } members { fullName } deprivations { indicator dimension } } } } }`;

  it("loads a page with ward, members and deprivations in 3 statements, the same for 10 and 100 rows", async () => {
    await withinOneBudgetMinute(async (round) => {
      const counting = await activeUser<HouseholdsPage>(`sql-page-${round}`, pageQuery);
      const ten = await counting(pageQuery, { first: 10 });
      const hundred = await counting(pageQuery, { first: 100 });
      expect(ten.response.data!.households.edges).toHaveLength(10);
      expect(hundred.response.data!.households.edges).toHaveLength(100);
      // The page with its wards in one statement, its members in one (deprivations live on the row);
      // and per request, the access log of the personal data read.
      expect(ten.statements).toBe(3);
      expect(hundred.statements).toBe(ten.statements);
    });
  });

  it("counts totalCount in the page's own statement, whatever the page size, as a separate count does", async () => {
    const page = `query($first: Int, $after: String) { households(first: $first, after: $after) { TOTAL edges { node { ward { name } members { fullName } } } pageInfo { endCursor } } }`;
    const withCount = page.replace("TOTAL", "totalCount");
    const without = page.replace("TOTAL", "");
    const ten = await withinOneBudgetMinute(async (round) => {
      const counting = await activeUser<HouseholdsPage>(`sql-count-${round}`, withCount);
      const ten = await counting(withCount, { first: 10 });
      const hundred = await counting(withCount, { first: 100 });
      const plain = await counting(without, { first: 100 });
      expect(hundred.statements).toBe(ten.statements);
      expect(hundred.statements).toBe(plain.statements);
      return ten;
    });
    // An empty page after the last row cannot carry the count: it is counted on its own, to the same total.
    let after: string | null = null;
    let pages = 0;
    do {
      const res: GraphQLResponse<HouseholdsPage> = await api.graphql<HouseholdsPage>(withCount, {
        first: 100,
        after,
      });
      expect(res.data!.households.totalCount).toBe(ten.response.data!.households.totalCount);
      after = res.data!.households.pageInfo!.endCursor;
      pages++;
    } while (after);
    expect(pages).toBeGreaterThan(1);
  });
});

describe("SQL statements per request: tasks", () => {
  const FRAGMENT = ` fragment Summary on Household { code classification }`;
  const page = (selection: string) =>
    `query($first: Int) { tasks(first: $first) { ${selection} } }${selection.includes("...Summary") ? FRAGMENT : ""}`;
  const heaviest = `edges { node { id household { code classification } } }`;

  it("reads a page of tasks with their households in one statement, the same for 10 and 100 rows, through fragments too", async () => {
    await api.graphql(`mutation { routeHouseholds(filter: {}) { createdCount } }`);
    // A user of its own: the platform's ADMIN has a lease sized by whatever the tests above sent.
    await withinOneBudgetMinute(async (round) => {
      const counting = await activeUser<{
        tasks: { edges: { node: { household: { code: unknown } } }[] };
      }>(`sql-tasks-${round}`, page(heaviest));
      const ask = (selection: string, first: number) => counting(page(selection), { first });
      const bare = await ask(`edges { node { id } }`, 10);
      for (const selection of [
        heaviest,
        `edges { node { id household { ...Summary } } }`,
        `... on TaskConnection { edges { node { id household { code } } } }`,
      ]) {
        const ten = await ask(selection, 10);
        const hundred = await ask(selection, 100);
        expect(hundred.response.data!.tasks.edges).toHaveLength(100);
        expect(
          hundred.response.data!.tasks.edges.every(
            (e) => typeof e.node.household.code === "string",
          ),
        ).toBe(true);
        // The page alone: the households come with it.
        expect({ selection, ten: ten.statements, hundred: hundred.statements }).toEqual({
          selection,
          ten: bare.statements,
          hundred: bare.statements,
        });
      }
    });
  });
});
