import { HOUSEHOLD_COUNTS, HouseholdProfileCountService } from "../server/modules/analytics";
import { systemActor } from "../server/shared/actor";
import { Role } from "../server/shared/auth";
import { data, householdWith, routeCity } from "./harness/api-helpers";
import { startTestPlatform, type TestPlatform } from "./harness/test-platform";

// Stats questions about households sum maintained counts, and questions about tasks read the
// household profile each task carries; conditions every household meets make the same question read
// the households themselves. Both must always agree.
let api: TestPlatform;
beforeAll(async () => {
  api = await startTestPlatform();
});
afterAll(() => api.close());

const QUESTIONS: {
  groupBy: string[];
  filter?: Record<string, unknown>;
  having?: Record<string, number>;
}[] = [
  { groupBy: [] },
  { groupBy: ["CLASSIFICATION"] },
  { groupBy: ["DEPRIVATION", "CLASSIFICATION"] },
  { groupBy: ["DIMENSION"] },
  { groupBy: ["DIMENSION", "AREA"], filter: { classification: { eq: "POOR" } } },
  { groupBy: ["POVERTY_CAUSE", "YEAR"] },
  { groupBy: ["AREA"], filter: { not: { deprivation: { eq: "EMPLOYMENT" } } }, having: { gt: 3 } },
  {
    groupBy: [],
    filter: {
      or: [{ dimension: { eq: "HEALTH" } }, { povertyCause: { in: ["NO_LABOUR_SKILLS"] } }],
    },
    having: { lt: 1000 },
  },
  { groupBy: [], filter: { classification: { eq: "NOT_POOR" } } },
  { groupBy: ["WARD"], filter: { classification: { eq: "POOR" } } },
  { groupBy: ["WARD", "YEAR", "AREA"], having: { gt: 2 } },
  {
    groupBy: ["CLASSIFICATION"],
    filter: { ward: { in: ["21550", "21553"] }, area: { eq: "RURAL" } },
  },
  { groupBy: ["POVERTY_CAUSE"], filter: { measure: { eq: "JOB_REFERRAL" } } },
  { groupBy: ["DEPRIVATION", "TASK_STATUS"] },
  { groupBy: ["DIMENSION", "AGENCY"], filter: { classification: { eq: "POOR" } } },
  {
    groupBy: ["MEASURE", "AREA"],
    filter: { not: { povertyCause: { eq: "ILLNESS_OR_ACCIDENT" } } },
  },
];
const EVERY_HOUSEHOLD = {
  or: [{ deprivation: { eq: "EMPLOYMENT" } }, { not: { deprivation: { eq: "EMPLOYMENT" } } }],
};

const STATS = `query($g: [StatsDimension!]!, $f: StatsFilter, $h: CountConditionInput) {
  stats(groupBy: $g, filter: $f, having: $h) { area classification deprivation dimension povertyCause year measure { code } agency { code } taskStatus count households } }`;

async function expectProfilesToMatchHouseholds(): Promise<void> {
  const [stale] = await api.platform.database.dataSource.query(
    `SELECT count(*) AS n FROM task_assignment t JOIN household h ON h.id = t.household_id
      WHERE (t.household_area, t.household_classification, t.household_deprivations, t.household_poverty_causes)
            IS DISTINCT FROM (h.area, h.classification, h.deprivations, h.poverty_causes)`,
  );
  expect(Number(stale.n)).toBe(0);
  const officer = api.as({ sub: "o", role: Role.WARD_OFFICER, ward: "21550" });
  // Naming every ward rules out the national counts; a condition on deprivations, the counts per ward.
  const everyWard = {
    ward: {
      in: (await data<{ wards: { code: string }[] }>(api, `{ wards { code } }`)).wards.map(
        (w) => w.code,
      ),
    },
  };
  for (const who of [api, officer]) {
    for (const q of QUESTIONS) {
      const fromCounts = await who.graphql(STATS, { g: q.groupBy, f: q.filter, h: q.having });
      const fromHouseholds = await who.graphql(STATS, {
        g: q.groupBy,
        f: { and: [q.filter ?? {}, everyWard, EVERY_HOUSEHOLD] },
        h: q.having,
      });
      expect(fromCounts.errors).toBeUndefined();
      expect({ q, answer: fromCounts.data }).toEqual({ q, answer: fromHouseholds.data });
    }
  }
}

const UPDATE = `mutation($id: ID!, $v: Int!, $a: HouseholdAssessmentInput!) { updateHouseholdAssessment(householdId: $id, version: $v, assessment: $a) { household { version } } }`;

describe("stats over household profile counts", () => {
  it("answer as the households do, as loaded, after re-assessments, new and removed households, and after folding", async () => {
    await routeCity(api);
    await expectProfilesToMatchHouseholds();

    const poor = await householdWith(api, { classifications: ["POOR"] });
    await data(api, UPDATE, {
      id: poor.id,
      v: poor.version,
      a: {
        deprivations: ["HOUSING_AREA"],
        povertyCauses: ["ILLNESS_OR_ACCIDENT"],
        classification: "NEAR_POOR",
      },
    });
    const nearPoor = await householdWith(api, {
      classifications: ["NEAR_POOR"],
      deprivationsAllOf: ["EMPLOYMENT"],
    });
    await data(api, UPDATE, {
      id: nearPoor.id,
      v: nearPoor.version,
      a: { deprivations: [], povertyCauses: [], classification: "NOT_POOR" },
    });

    const ds = api.platform.database.dataSource;
    // No API removes households, nor lists an indicator twice; an operator's statement must still be counted.
    await ds.query(
      `INSERT INTO household (code, ward_id, area, classification, address, deprivations, poverty_causes, search_key)
       SELECT 'PROFILE-' || g, ward_id, area, 'POOR', address, ARRAY['NUTRITION', 'HEALTH_INSURANCE', 'NUTRITION'], ARRAY[3, 8, 3]::smallint[], 'profile'
         FROM household, generate_series(1, 5) g WHERE id = $1`,
      [poor.id],
    );
    await ds.query(`DELETE FROM household WHERE code IN ('PROFILE-1', 'PROFILE-2')`);
    // A task inserted without the profile (a reassignment's successor) takes it from its household.
    const [task] = (
      await data<{ tasks: { edges: { node: { id: string; version: number } }[] } }>(
        api,
        `{ tasks(first: 1, filter: { householdId: "${poor.id}", statuses: [ROUTED] }) { edges { node { id version } } } }`,
      )
    ).tasks.edges;
    await data(
      api,
      `mutation($id: ID!, $v: Int!) { reassignTask(id: $id, version: $v, agencyCode: "ECONOMY", reason: "profile test") { id } }`,
      { id: task.node.id, v: task.node.version },
    );
    await expectProfilesToMatchHouseholds();

    const rowsBefore = await Promise.all(
      HOUSEHOLD_COUNTS.map(async ({ table }) =>
        Number((await ds.query(`SELECT count(*) AS n FROM ${table}`))[0].n),
      ),
    );
    await new HouseholdProfileCountService(ds).fold(systemActor("test"));
    for (const [i, { table, key }] of HOUSEHOLD_COUNTS.entries()) {
      const [after] = await ds.query(
        `SELECT count(*) AS n, count(DISTINCT (${key})) AS keys, bool_and(households > 0) AS positive FROM ${table}`,
      );
      expect(Number(after.n)).toBeLessThan(rowsBefore[i]);
      expect(after).toMatchObject({ n: after.keys, positive: true });
    }
    await expectProfilesToMatchHouseholds();
  });
});
