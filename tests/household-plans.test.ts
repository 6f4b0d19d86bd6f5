import { Role } from "../server/shared/auth";
import { data, householdWith, latestCursor, routeCity } from "./harness/api-helpers";
import { subscribe } from "./harness/subscriptions";
import { startTestPlatform, type TestIdentity, type TestPlatform } from "./harness/test-platform";

const OFFICER: TestIdentity = { sub: "officer-21550", role: Role.WARD_OFFICER, ward: "21550" };
const OTHER_OFFICER: TestIdentity = { sub: "officer-21589", role: Role.WARD_OFFICER, ward: "21589" };
const ANALYST: TestIdentity = { sub: "analyst", role: Role.ANALYST };
const PLAN = `id year status targetYear notExpectedReason productionModel version riskReasons commitmentSignedOn chairApprovedOn
  mentors { name userId wardCode agencyCode } fundingLines { id taskId sourceCode amount allocationId } household { code }`;
const CREATE = `mutation($h: ID!, $y: Int!, $p: PlanFieldsInput!) { createHouseholdPlan(householdId: $h, year: $y, plan: $p) { ${PLAN} } }`;
const UPDATE = `mutation($id: ID!, $v: Int!, $p: PlanFieldsInput!) { updateHouseholdPlan(id: $id, version: $v, plan: $p) { ${PLAN} } }`;
const HISTORY = `query($id: ID!) { householdPlan(id: $id) { version history { kind actor before after } } }`;
const WARD_MENTOR = { name: "Trần Thị Bình", userId: "officer-21550", wardCode: "21550" };
const signedPlan = { status: "REGISTERED", targetYear: 2025, mentors: [WARD_MENTOR], commitmentSignedOn: "2025-02-10", chairApprovedOn: "2025-02-20" };

let api: TestPlatform;
beforeAll(async () => {
  api = await startTestPlatform();
});
afterAll(() => api.close());

/** A household of the ward and its new 2025 plan (the demo data has 2024 plans only), made by the ward's officer. */
async function newPlan(ward: string, fields: Record<string, unknown> = signedPlan, nth = 0) {
  const households = await data(api, `query($w: String!) { households(first: 50, filter: { wardCodes: [$w] }) { edges { node { id code } } } }`, { w: ward });
  const taken = await data(api, `query { householdPlans(year: 2025, first: 100) { edges { node { household { code } } } } }`);
  const used = new Set(taken.householdPlans.edges.map((e: any) => e.node.household.code));
  const household = households.households.edges.map((e: any) => e.node).filter((h: any) => !used.has(h.code))[nth];
  const officer = { ...OFFICER, ward, sub: `officer-${ward}` };
  const res = await api.as(officer).graphql(CREATE, { h: household.id, y: 2025, p: { ...fields, mentors: [{ ...WARD_MENTOR, wardCode: ward }] } });
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return { household, plan: res.data.createHouseholdPlan };
}

describe("household plans", () => {
  it("a ward officer makes a plan; every change is versioned and on the audit trail", async () => {
    const { plan } = await newPlan("21550");
    expect(plan).toMatchObject({ year: 2025, status: "REGISTERED", targetYear: 2025, version: 1, riskReasons: [], mentors: [{ ...WARD_MENTOR, agencyCode: null }] });

    const changed = await api.as(OFFICER).graphql(UPDATE, { id: plan.id, v: 1, p: { ...signedPlan, commitmentSignedOn: null, productionModel: "Nuôi gà thả vườn" } });
    expect(changed.data.updateHouseholdPlan).toMatchObject({ version: 2, productionModel: "Nuôi gà thả vườn", riskReasons: ["NO_SIGNED_COMMITMENT"] });

    const stale = await api.as(OFFICER).graphql(UPDATE, { id: plan.id, v: 1, p: signedPlan });
    expect(stale.errors![0].extensions!.code).toBe("CONFLICT");
    const { householdPlan } = await data(api, HISTORY, { id: plan.id });
    expect(householdPlan.version).toBe(2);
    expect(householdPlan.history.map((e: any) => [e.kind, e.actor])).toEqual([["CREATED", "officer-21550"], ["UPDATED", "officer-21550"]]);
    expect(householdPlan.history[1].before.commitmentSignedOn).toBe("2025-02-10");
    expect(householdPlan.history[1].after.commitmentSignedOn).toBeNull();
  });

  it("refuses bad input with a clear error and writes nothing", async () => {
    const { household, plan } = await newPlan("21589", signedPlan, 0);
    const other = (await data(api, `query($w: String!) { households(first: 50, filter: { wardCodes: [$w] }) { edges { node { id code } } } }`, { w: "21589" })).households.edges
      .map((e: any) => e.node)
      .find((h: any) => h.code !== household.code);
    const as = api.as(OTHER_OFFICER);
    const attempt = async (h: string, y: number, p: Record<string, unknown>) => (await as.graphql(CREATE, { h, y, p })).errors![0];

    expect(await attempt(household.id, 2025, signedPlan)).toMatchObject({ extensions: { code: "CONFLICT" }, message: expect.stringContaining("already has a 2025 plan") });
    expect(await attempt(other.id, 2025, { ...signedPlan, targetYear: 2026 })).toMatchObject({ extensions: { code: "BAD_USER_INPUT" }, message: expect.stringContaining("targetYear must be 2024 or 2025") });
    expect(await attempt(other.id, 2026, signedPlan)).toMatchObject({ extensions: { code: "BAD_USER_INPUT" }, message: expect.stringContaining("year must be 2024 or 2025") });
    const foreignMentor = { ...signedPlan, mentors: [{ name: "Lê Văn Cường", userId: "officer-21550", wardCode: "21550" }] };
    expect(await attempt(other.id, 2025, foreignMentor)).toMatchObject({ extensions: { code: "BAD_USER_INPUT" }, message: expect.stringContaining("names no agency") });
    const agencyMentor = { ...signedPlan, mentors: [{ name: "Lê Văn Cường", userId: "labour-1", wardCode: "21550", agencyCode: "LABOUR" }] };

    // A household the year's review found not poor.
    await api.platform.database.dataSource.query(`UPDATE household_review_result SET classification = 'NOT_POOR' WHERE household_id = $1`, [other.id]);
    expect(await attempt(other.id, 2025, agencyMentor)).toMatchObject({ extensions: { code: "BAD_USER_INPUT" }, message: expect.stringContaining("is NOT_POOR in the reviews up to 2025") });
    await api.platform.database.dataSource.query(`UPDATE household_review_result SET classification = 'NEAR_POOR' WHERE household_id = $1`, [other.id]);

    const [{ plans }] = await api.platform.database.dataSource.query(`SELECT count(*)::int AS plans FROM household_plan WHERE household_id = $1 AND year = 2025`, [other.id]);
    expect(plans).toBe(0);
    // An official of an agency may mentor households of any ward.
    expect((await as.graphql(CREATE, { h: other.id, y: 2025, p: agencyMentor })).data.createHouseholdPlan.mentors[0]).toMatchObject({ agencyCode: "LABOUR" });
    expect((await data(api, HISTORY, { id: plan.id })).householdPlan.history).toHaveLength(1);
  });

  it("scopes plans: the ward writes its own, an agency sees its items, a mentor has my households, analysts only counts", async () => {
    await routeCity(api);
    const { household, plan } = await newPlan("21550", signedPlan, 1);
    expect((await api.as(OTHER_OFFICER).graphql(UPDATE, { id: plan.id, v: 1, p: signedPlan })).errors![0].extensions!.code).toBe("FORBIDDEN");
    expect((await api.as(OTHER_OFFICER).graphql(`query($id: ID!) { householdPlan(id: $id) { id } }`, { id: plan.id })).data.householdPlan).toBeNull();

    const tasks = (await data(api, `query($h: ID!) { tasks(filter: { householdId: $h }) { edges { node { ownerAgency { code } } } } }`, { h: household.id })).tasks.edges.map((e: any) => e.node.ownerAgency.code);
    const owner = tasks[0];
    const staff = { sub: `staff-${owner}`, role: Role.AGENCY_STAFF, agency: owner };
    const seen = await api.as(staff).graphql(`query($id: ID!) { householdPlan(id: $id) { id tasks { ownerAgency { code } supportingAgencies { code } } } }`, { id: plan.id });
    expect(seen.data.householdPlan.tasks.length).toBeGreaterThan(0);
    expect(seen.data.householdPlan.tasks.every((t: any) => t.ownerAgency.code === owner || t.supportingAgencies.some((a: any) => a.code === owner))).toBe(true);
    const outsider = { sub: "staff-health", role: Role.AGENCY_STAFF, agency: tasks.includes("HEALTH_CENTRE") ? "SOCIAL_POLICY_BANK" : "HEALTH_CENTRE" };
    expect((await api.as(outsider).graphql(`query($id: ID!) { householdPlan(id: $id) { id } }`, { id: plan.id })).data.householdPlan).toBeNull();

    const mine = await api.as({ sub: "officer-21550", role: Role.AGENCY_STAFF, agency: "LABOUR" }).graphql(`{ myMentoredHouseholds(year: 2025) { id household { code } } }`);
    expect(mine.data.myMentoredHouseholds.map((p: any) => p.id)).toContain(plan.id);

    expect((await api.as(ANALYST).graphql(`query($id: ID!) { householdPlan(id: $id) { id } }`, { id: plan.id })).errors![0].extensions!.code).toBe("FORBIDDEN");
    const counts = await api.as(ANALYST).graphql(`{ planForecast(year: 2025) { city { plans registered } } }`);
    expect(counts.data.planForecast.city.registered).toBeGreaterThan(0);
    const names = await api.as(ANALYST).graphql(`{ planForecast(year: 2024) { atRisk { household { code } } } }`);
    expect(names.errors![0].extensions!.code).toBe("FORBIDDEN");
  });

  it("turns a measure the ward adds into a task of its agency through routing: the agency hears of it", async () => {
    const { plan } = await newPlan("21550", signedPlan, 2);
    const agencyFeed = subscribe(api, `subscription($a: String!, $after: String) { taskRouted(agencyCode: $a, after: $after) { event { kind } task { measure { code } household { code } } } }`, {
      a: "ECONOMY",
      after: await latestCursor(api),
    });
    const added = await api.as(OFFICER).graphql(`mutation($id: ID!, $v: Int!) { addPlanMeasure(id: $id, version: $v, measureCode: "AGRICULTURAL_PRODUCTION_SUPPORT") { version tasks { status measure { code } ownerAgency { code } } } }`, {
      id: plan.id,
      v: plan.version,
    });
    expect(added.errors).toBeUndefined();
    expect(added.data.addPlanMeasure.tasks).toContainEqual({ status: "ROUTED", measure: { code: "AGRICULTURAL_PRODUCTION_SUPPORT" }, ownerAgency: { code: "ECONOMY" } });
    expect((await agencyFeed.next()).taskRouted).toEqual({ event: { kind: "ROUTED" }, task: { measure: { code: "AGRICULTURAL_PRODUCTION_SUPPORT" }, household: plan.household } });
    await agencyFeed.close();

    const again = await api.as(OFFICER).graphql(`mutation($id: ID!, $v: Int!) { addPlanMeasure(id: $id, version: $v, measureCode: "AGRICULTURAL_PRODUCTION_SUPPORT") { version } }`, { id: plan.id, v: added.data.addPlanMeasure.version });
    expect(again.errors![0]).toMatchObject({ extensions: { code: "BAD_USER_INPUT" }, message: expect.stringContaining("already has an open task") });
    expect((await data(api, HISTORY, { id: plan.id })).householdPlan.history.map((e: any) => e.kind)).toEqual(["CREATED", "MEASURE_ADDED"]);
  });

  it("funds a line through the funding ledger, refusing more than the budget holds", async () => {
    const { plan } = await newPlan("21550", signedPlan, 3);
    const withTask = await api.as(OFFICER).graphql(`mutation($id: ID!, $v: Int!) { addPlanMeasure(id: $id, version: $v, measureCode: "PREFERENTIAL_LOAN") { version tasks { id measure { code } } } }`, { id: plan.id, v: 1 });
    const task = withTask.data.addPlanMeasure.tasks.find((t: any) => t.measure.code === "PREFERENTIAL_LOAN");
    await data(api, `mutation { setFundingBudget(sourceCode: "CONTRIBUTIONS", year: 2025, amount: 5000000) { code } }`);
    const lined = await api.as(OFFICER).graphql(`mutation($id: ID!, $v: Int!, $l: PlanFundingLineInput!) { addPlanFundingLine(id: $id, version: $v, line: $l) { version riskReasons fundingLines { id allocationId } } }`, {
      id: plan.id,
      v: 2,
      l: { taskId: task.id, sourceCode: "CONTRIBUTIONS", amount: 6000000 },
    });
    expect(lined.data.addPlanFundingLine).toMatchObject({ version: 3, riskReasons: ["FUNDING_NOT_ALLOCATED"] });
    const lineId = lined.data.addPlanFundingLine.fundingLines[0].id;

    const finance = api.as({ sub: "finance-1", role: Role.AGENCY_STAFF, agency: "FINANCE_PLANNING" });
    const ALLOCATE = `mutation($id: ID!, $v: Int!, $l: ID!) { allocatePlanFundingLine(id: $id, version: $v, lineId: $l) { version riskReasons fundingLines { allocationId } } }`;
    const over = await finance.graphql(ALLOCATE, { id: plan.id, v: 3, l: lineId });
    expect(over.errors![0]).toMatchObject({ extensions: { code: "CONFLICT" }, message: expect.stringContaining("only 5,000,000 VND") });
    expect((await api.as(OFFICER).graphql(ALLOCATE, { id: plan.id, v: 3, l: lineId })).errors![0].extensions!.code).toBe("FORBIDDEN");

    await data(api, `mutation { setFundingBudget(sourceCode: "CONTRIBUTIONS", year: 2025, amount: 9000000) { code } }`);
    const allocated = await finance.graphql(ALLOCATE, { id: plan.id, v: 3, l: lineId });
    expect(allocated.data.allocatePlanFundingLine).toMatchObject({ version: 4, riskReasons: [] });
    expect(allocated.data.allocatePlanFundingLine.fundingLines[0].allocationId).toEqual(expect.any(String));

    // An agency sees the plan's items that are its own: the bank its loan's money, Economy (another measure of the plan) none of it.
    await data(api, `mutation($id: ID!) { addPlanMeasure(id: $id, version: 4, measureCode: "AGRICULTURAL_PRODUCTION_SUPPORT") { version } }`, { id: plan.id });
    const linesSeenBy = async (agency: string) =>
      (await api.as({ sub: `staff-${agency}`, role: Role.AGENCY_STAFF, agency }).graphql(`query($id: ID!) { householdPlan(id: $id) { fundingLines { sourceCode } tasks { measure { code } } } }`, { id: plan.id })).data.householdPlan;
    expect(await linesSeenBy("SOCIAL_POLICY_BANK")).toMatchObject({ fundingLines: [{ sourceCode: "CONTRIBUTIONS" }] });
    expect(await linesSeenBy("ECONOMY")).toEqual({ fundingLines: [], tasks: [{ measure: { code: "AGRICULTURAL_PRODUCTION_SUPPORT" } }] });
  });

  it("tells the ward's feed when a task change puts a household's plan at risk", async () => {
    await routeCity(api);
    const { household } = await newPlan("21550", signedPlan, 4);
    const task = (await data(api, `query($h: ID!) { tasks(first: 1, filter: { householdId: $h, statuses: [ROUTED] }) { edges { node { id version ownerAgency { code } } } } }`, { h: household.id })).tasks.edges[0].node;
    const wardFeed = subscribe(api, `subscription($w: String!, $after: String) { taskUpdated(wardCode: $w, after: $after) { event { kind comment } task { id } } }`, {
      w: "21550",
      after: await latestCursor(api),
    });
    await data(api, `mutation($id: ID!, $v: Int!) { declineTask(id: $id, version: $v, reason: "not ours") { id } }`, { id: task.id, v: task.version });
    expect((await wardFeed.next()).taskUpdated.event.kind).toBe("DECLINED");
    expect((await wardFeed.next()).taskUpdated).toEqual({ event: { kind: "PLAN_AT_RISK", comment: "the household's 2025 escape plan is at risk: TASK_DECLINED" }, task: { id: task.id } });
    await wardFeed.close();
    const plans = await data(api, `{ planForecast(year: 2025, wardCode: "21550") { atRisk { household { code } riskReasons } } }`);
    expect(plans.planForecast.atRisk).toContainEqual({ household: { code: household.code }, riskReasons: ["TASK_DECLINED"] });
  });

  it("tells the ward's feed when a task falls overdue: the deadline job's escalation puts the plan at risk", async () => {
    await routeCity(api);
    const { household, plan } = await newPlan("21550", signedPlan, 5);
    const task = (await data(api, `query($h: ID!) { tasks(first: 1, filter: { householdId: $h, statuses: [ROUTED] }) { edges { node { id } } } }`, { h: household.id })).tasks.edges[0].node;
    const wardFeed = subscribe(api, `subscription($w: String!, $after: String) { taskUpdated(wardCode: $w, after: $after) { event { kind comment } task { id } } }`, {
      w: "21550",
      after: await latestCursor(api),
    });
    // Time passing, not a change anyone makes: the due date is simply behind us now.
    await api.platform.database.dataSource.query(`UPDATE task_assignment SET due_on = current_date - 1 WHERE id = $1`, [task.id]);
    await api.platform.scheduler.runOnce();
    expect((await wardFeed.next()).taskUpdated.event.kind).toBe("OVERDUE");
    expect((await wardFeed.next()).taskUpdated).toEqual({ event: { kind: "PLAN_AT_RISK", comment: "the household's 2025 escape plan is at risk: TASK_OVERDUE" }, task: { id: task.id } });
    await wardFeed.close();
    expect((await data(api, `query($id: ID!) { householdPlan(id: $id) { riskReasons } }`, { id: plan.id })).householdPlan.riskReasons).toEqual(["TASK_OVERDUE"]);
  });

  it("keeps the forecast's counts equal to the plans through every change, a household's new classification included", async () => {
    const { household } = await newPlan("21550", signedPlan, 6);
    const h = await householdWith(api, { wardCodes: ["21550"], search: household.code });
    await data(api, `mutation($id: ID!, $v: Int!, $a: HouseholdAssessmentInput!) { updateHouseholdAssessment(householdId: $id, version: $v, assessment: $a) { household { id } } }`, {
      id: h.id,
      v: h.version,
      a: { classification: "NOT_POOR", povertyCauses: h.povertyCauses, deprivations: h.deprivations },
    });
    const key = "ward_id, classification, year, superseded_in, status, target_year, risk_reasons";
    const ds = api.platform.database.dataSource;
    const counted = await ds.query(`SELECT ${key}, sum(households)::int AS n FROM household_plan_count GROUP BY ${key} HAVING sum(households) <> 0 ORDER BY ${key}`);
    const actual = await ds.query(`SELECT ${key}, count(*)::int AS n FROM household_plan GROUP BY ${key} ORDER BY ${key}`);
    expect(counted).toEqual(actual);
    const [plan] = await ds.query(`SELECT p.classification FROM household_plan p WHERE p.household_id = $1 AND p.year = 2025`, [h.id]);
    expect(plan.classification).toBe("NOT_POOR");
  });
});
