import { Role } from "../server/shared/auth";
import { answerOf, data, householdWith, latestCursor, routeCity } from "./harness/api-helpers";
import {
  AddPlanFundingLineDocument,
  AddPlanMeasureDocument,
  AllocatePlanFundingLineDocument,
  CreateHouseholdPlanDocument,
  DeclineTaskDocument,
  HouseholdPlanHistoryDocument,
  HouseholdPlanIdDocument,
  HouseholdPlanItemsSeenDocument,
  HouseholdPlanTasksSeenDocument,
  HouseholdsOfWardDocument,
  MyMentoredHouseholdsDocument,
  PlanForecastAtRiskDocument,
  PlanForecastCountsDocument,
  PlansOfYearDocument,
  SetFundingBudgetDocument,
  TasksPageDocument,
  UpdateHouseholdAssessmentDocument,
  UpdateHouseholdPlanDocument,
  type PlanFieldsInput,
} from "./harness/operations.generated";
import { subscribe } from "./harness/subscriptions";
import { startTestPlatform, type TestIdentity, type TestPlatform } from "./harness/test-platform";

const OFFICER: TestIdentity = { sub: "officer-21550", role: Role.WARD_OFFICER, ward: "21550" };
const OTHER_OFFICER: TestIdentity = {
  sub: "officer-21589",
  role: Role.WARD_OFFICER,
  ward: "21589",
};
const ANALYST: TestIdentity = { sub: "analyst", role: Role.ANALYST };
const WARD_MENTOR = { name: "Trần Thị Bình", userId: "officer-21550", wardCode: "21550" };
const signedPlan: PlanFieldsInput = {
  status: "REGISTERED",
  targetYear: 2025,
  mentors: [WARD_MENTOR],
  commitmentSignedOn: "2025-02-10",
  chairApprovedOn: "2025-02-20",
};

let api: TestPlatform;
beforeAll(async () => {
  api = await startTestPlatform();
});
afterAll(() => api.close());

/** A household of the ward and its new 2025 plan (the demo data has 2024 plans only), made by the ward's officer. */
async function newPlan(ward: string, fields: PlanFieldsInput = signedPlan, nth = 0) {
  const households = await data(api, HouseholdsOfWardDocument, { ward });
  const taken = await data(api, PlansOfYearDocument, { year: 2025 });
  const used = new Set(taken.householdPlans.edges.map((e) => e.node.household.code));
  const household = households.households.edges.map((e) => e.node).filter((h) => !used.has(h.code))[
    nth
  ];
  const officer = { ...OFFICER, ward, sub: `officer-${ward}` };
  const res = await data(api.as(officer), CreateHouseholdPlanDocument, {
    householdId: household.id,
    year: 2025,
    plan: { ...fields, mentors: [{ ...WARD_MENTOR, wardCode: ward }] },
  });
  return { household, plan: res.createHouseholdPlan };
}
const historyOf = async (planId: string) =>
  (await data(api, HouseholdPlanHistoryDocument, { id: planId })).householdPlan!;

/** An event of the ward's feed as these tests subscribe to it. */
interface WardFeedEvent {
  taskUpdated: { event: { kind: string; comment: string | null }; task: { id: string } | null };
}

describe("household plans", () => {
  it("a ward officer makes a plan; every change is versioned and on the audit trail", async () => {
    const { plan } = await newPlan("21550");
    expect(plan).toMatchObject({
      year: 2025,
      status: "REGISTERED",
      targetYear: 2025,
      version: 1,
      riskReasons: [],
      mentors: [{ ...WARD_MENTOR, agencyCode: null }],
    });

    const changed = await data(api.as(OFFICER), UpdateHouseholdPlanDocument, {
      id: plan.id,
      version: 1,
      plan: { ...signedPlan, commitmentSignedOn: null, productionModel: "Nuôi gà thả vườn" },
    });
    expect(changed.updateHouseholdPlan).toMatchObject({
      version: 2,
      productionModel: "Nuôi gà thả vườn",
      riskReasons: ["NO_SIGNED_COMMITMENT"],
    });

    const stale = await answerOf(api.as(OFFICER), UpdateHouseholdPlanDocument, {
      id: plan.id,
      version: 1,
      plan: signedPlan,
    });
    expect(stale.errors![0].extensions!.code).toBe("CONFLICT");
    const householdPlan = await historyOf(plan.id);
    expect(householdPlan.version).toBe(2);
    expect(householdPlan.history.map((e) => [e.kind, e.actor])).toEqual([
      ["CREATED", "officer-21550"],
      ["UPDATED", "officer-21550"],
    ]);
    expect(householdPlan.history[1].before?.commitmentSignedOn).toBe("2025-02-10");
    expect(householdPlan.history[1].after?.commitmentSignedOn).toBeNull();
  });

  it("refuses bad input with a clear error and writes nothing", async () => {
    const { household, plan } = await newPlan("21589", signedPlan, 0);
    const other = (await data(api, HouseholdsOfWardDocument, { ward: "21589" })).households.edges
      .map((e) => e.node)
      .find((h) => h.code !== household.code)!;
    const as = api.as(OTHER_OFFICER);
    const attempt = async (householdId: string, year: number, plan: PlanFieldsInput) =>
      (await answerOf(as, CreateHouseholdPlanDocument, { householdId, year, plan })).errors![0];

    expect(await attempt(household.id, 2025, signedPlan)).toMatchObject({
      extensions: { code: "CONFLICT" },
      message: expect.stringContaining("already has a 2025 plan"),
    });
    expect(await attempt(other.id, 2025, { ...signedPlan, targetYear: 2026 })).toMatchObject({
      extensions: { code: "BAD_USER_INPUT" },
      message: expect.stringContaining("targetYear must be 2024 or 2025"),
    });
    expect(await attempt(other.id, 2026, signedPlan)).toMatchObject({
      extensions: { code: "BAD_USER_INPUT" },
      message: expect.stringContaining("year must be 2024 or 2025"),
    });
    const foreignMentor = {
      ...signedPlan,
      mentors: [{ name: "Lê Văn Cường", userId: "officer-21550", wardCode: "21550" }],
    };
    expect(await attempt(other.id, 2025, foreignMentor)).toMatchObject({
      extensions: { code: "BAD_USER_INPUT" },
      message: expect.stringContaining("names no agency"),
    });
    const agencyMentor = {
      ...signedPlan,
      mentors: [
        { name: "Lê Văn Cường", userId: "labour-1", wardCode: "21550", agencyCode: "LABOUR" },
      ],
    };

    // A household the year's review found not poor.
    await api.platform.database.dataSource.query(
      `UPDATE household_review_result SET classification = 'NOT_POOR' WHERE household_id = $1`,
      [other.id],
    );
    expect(await attempt(other.id, 2025, agencyMentor)).toMatchObject({
      extensions: {
        code: "BAD_USER_INPUT",
        messageParams: expect.objectContaining({ classification: "NOT_POOR" }),
      },
      message: expect.stringContaining("is Not poor in the reviews up to 2025"),
    });
    await api.platform.database.dataSource.query(
      `UPDATE household_review_result SET classification = 'NEAR_POOR' WHERE household_id = $1`,
      [other.id],
    );

    const [{ plans }] = await api.platform.database.dataSource.query(
      `SELECT count(*)::int AS plans FROM household_plan WHERE household_id = $1 AND year = 2025`,
      [other.id],
    );
    expect(plans).toBe(0);
    // An official of an agency may mentor households of any ward.
    expect(
      (
        await data(as, CreateHouseholdPlanDocument, {
          householdId: other.id,
          year: 2025,
          plan: agencyMentor,
        })
      ).createHouseholdPlan.mentors[0],
    ).toMatchObject({ agencyCode: "LABOUR" });
    expect((await historyOf(plan.id)).history).toHaveLength(1);
  });

  it("scopes plans: the ward writes its own, an agency sees its items, a mentor has my households, analysts only counts", async () => {
    await routeCity(api);
    const { household, plan } = await newPlan("21550", signedPlan, 1);
    expect(
      (
        await answerOf(api.as(OTHER_OFFICER), UpdateHouseholdPlanDocument, {
          id: plan.id,
          version: 1,
          plan: signedPlan,
        })
      ).errors![0].extensions!.code,
    ).toBe("FORBIDDEN");
    expect(
      (await data(api.as(OTHER_OFFICER), HouseholdPlanIdDocument, { id: plan.id })).householdPlan,
    ).toBeNull();

    const tasks = (
      await data(api, TasksPageDocument, { filter: { householdId: household.id } })
    ).tasks.edges.map((e) => e.node.ownerAgency.code);
    const owner = tasks[0];
    const staff = { sub: `staff-${owner}`, role: Role.AGENCY_STAFF, agency: owner };
    const seen = (await data(api.as(staff), HouseholdPlanTasksSeenDocument, { id: plan.id }))
      .householdPlan!;
    expect(seen.tasks.length).toBeGreaterThan(0);
    expect(
      seen.tasks.every(
        (t) => t.ownerAgency.code === owner || t.supportingAgencies.some((a) => a.code === owner),
      ),
    ).toBe(true);
    const outsider = {
      sub: "staff-health",
      role: Role.AGENCY_STAFF,
      agency: tasks.includes("HEALTH_CENTRE") ? "SOCIAL_POLICY_BANK" : "HEALTH_CENTRE",
    };
    expect(
      (await data(api.as(outsider), HouseholdPlanIdDocument, { id: plan.id })).householdPlan,
    ).toBeNull();

    const mine = await data(
      api.as({ sub: "officer-21550", role: Role.AGENCY_STAFF, agency: "LABOUR" }),
      MyMentoredHouseholdsDocument,
      { year: 2025 },
    );
    expect(mine.myMentoredHouseholds.map((p) => p.id)).toContain(plan.id);

    expect(
      (await answerOf(api.as(ANALYST), HouseholdPlanIdDocument, { id: plan.id })).errors![0]
        .extensions!.code,
    ).toBe("FORBIDDEN");
    const counts = await data(api.as(ANALYST), PlanForecastCountsDocument, { year: 2025 });
    expect(counts.planForecast.city?.registered).toBeGreaterThan(0);
    const names = await answerOf(api.as(ANALYST), PlanForecastAtRiskDocument, { year: 2024 });
    expect(names.errors![0].extensions!.code).toBe("FORBIDDEN");
  });

  it("turns a measure the ward adds into a task of its agency through routing: the agency hears of it", async () => {
    const { plan } = await newPlan("21550", signedPlan, 2);
    const agencyFeed = subscribe<{ taskRouted: unknown }>(
      api,
      `subscription($a: String!, $after: String) { taskRouted(agencyCode: $a, after: $after) { event { kind } task { measure { code } household { code } } } }`,
      {
        a: "ECONOMY",
        after: await latestCursor(api),
      },
    );
    const added = await data(api.as(OFFICER), AddPlanMeasureDocument, {
      id: plan.id,
      version: plan.version,
      measure: "AGRICULTURAL_PRODUCTION_SUPPORT",
    });
    expect(added.addPlanMeasure.tasks).toContainEqual(
      expect.objectContaining({
        status: "ROUTED",
        measure: { code: "AGRICULTURAL_PRODUCTION_SUPPORT" },
        ownerAgency: { code: "ECONOMY" },
      }),
    );
    expect((await agencyFeed.next()).taskRouted).toEqual({
      event: { kind: "ROUTED" },
      task: { measure: { code: "AGRICULTURAL_PRODUCTION_SUPPORT" }, household: plan.household },
    });
    await agencyFeed.close();

    const again = await answerOf(api.as(OFFICER), AddPlanMeasureDocument, {
      id: plan.id,
      version: added.addPlanMeasure.version,
      measure: "AGRICULTURAL_PRODUCTION_SUPPORT",
    });
    expect(again.errors![0]).toMatchObject({
      extensions: { code: "BAD_USER_INPUT" },
      message: expect.stringContaining("already has an open task"),
    });
    expect((await historyOf(plan.id)).history.map((e) => e.kind)).toEqual([
      "CREATED",
      "MEASURE_ADDED",
    ]);
  });

  it("funds a line through the funding ledger, refusing more than the budget holds", async () => {
    const { plan } = await newPlan("21550", signedPlan, 3);
    const withTask = await data(api.as(OFFICER), AddPlanMeasureDocument, {
      id: plan.id,
      version: 1,
      measure: "PREFERENTIAL_LOAN",
    });
    const task = withTask.addPlanMeasure.tasks.find((t) => t.measure.code === "PREFERENTIAL_LOAN")!;
    await data(api, SetFundingBudgetDocument, {
      source: "CONTRIBUTIONS",
      year: 2025,
      amount: 5_000_000,
    });
    const lined = await data(api.as(OFFICER), AddPlanFundingLineDocument, {
      id: plan.id,
      version: 2,
      line: { taskId: task.id, sourceCode: "CONTRIBUTIONS", amount: 6_000_000 },
    });
    expect(lined.addPlanFundingLine).toMatchObject({
      version: 3,
      riskReasons: ["FUNDING_NOT_ALLOCATED"],
    });
    const lineId = lined.addPlanFundingLine.fundingLines[0].id;

    const finance = api.as({
      sub: "finance-1",
      role: Role.AGENCY_STAFF,
      agency: "FINANCE_PLANNING",
    });
    const allocate = { id: plan.id, version: 3, lineId };
    const over = await answerOf(finance, AllocatePlanFundingLineDocument, allocate);
    expect(over.errors![0]).toMatchObject({
      extensions: { code: "CONFLICT" },
      message: expect.stringContaining("only 5,000,000 VND"),
    });
    expect(
      (await answerOf(api.as(OFFICER), AllocatePlanFundingLineDocument, allocate)).errors![0]
        .extensions!.code,
    ).toBe("FORBIDDEN");

    await data(api, SetFundingBudgetDocument, {
      source: "CONTRIBUTIONS",
      year: 2025,
      amount: 9_000_000,
    });
    const allocated = await data(finance, AllocatePlanFundingLineDocument, allocate);
    expect(allocated.allocatePlanFundingLine).toMatchObject({ version: 4, riskReasons: [] });
    expect(allocated.allocatePlanFundingLine.fundingLines[0].allocationId).toEqual(
      expect.any(String),
    );

    // An agency sees the plan's items that are its own: the bank its loan's money, Economy (another measure of the plan) none of it.
    await data(api, AddPlanMeasureDocument, {
      id: plan.id,
      version: 4,
      measure: "AGRICULTURAL_PRODUCTION_SUPPORT",
    });
    const linesSeenBy = async (agency: string) =>
      (
        await data(
          api.as({ sub: `staff-${agency}`, role: Role.AGENCY_STAFF, agency }),
          HouseholdPlanItemsSeenDocument,
          { id: plan.id },
        )
      ).householdPlan;
    expect(await linesSeenBy("SOCIAL_POLICY_BANK")).toMatchObject({
      fundingLines: [{ sourceCode: "CONTRIBUTIONS" }],
    });
    expect(await linesSeenBy("ECONOMY")).toEqual({
      fundingLines: [],
      tasks: [{ measure: { code: "AGRICULTURAL_PRODUCTION_SUPPORT" } }],
    });
  });

  it("tells the ward's feed when a task change puts a household's plan at risk", async () => {
    await routeCity(api);
    const { household } = await newPlan("21550", signedPlan, 4);
    const task = (
      await data(api, TasksPageDocument, {
        first: 1,
        filter: { householdId: household.id, statuses: ["ROUTED"] },
      })
    ).tasks.edges[0].node;
    const wardFeed = subscribe<WardFeedEvent>(
      api,
      `subscription($w: String!, $after: String) { taskUpdated(wardCode: $w, after: $after) { event { kind comment } task { id } } }`,
      {
        w: "21550",
        after: await latestCursor(api),
      },
    );
    await data(api, DeclineTaskDocument, {
      id: task.id,
      version: task.version,
      reason: "not ours",
    });
    expect((await wardFeed.next()).taskUpdated.event.kind).toBe("DECLINED");
    expect((await wardFeed.next()).taskUpdated).toEqual({
      event: {
        kind: "PLAN_AT_RISK",
        comment: "the household's 2025 escape plan is at risk: TASK_DECLINED",
      },
      task: { id: task.id },
    });
    await wardFeed.close();
    const plans = await data(api, PlanForecastAtRiskDocument, { year: 2025, ward: "21550" });
    expect(plans.planForecast.atRisk).toContainEqual({
      household: { code: household.code },
      riskReasons: ["TASK_DECLINED"],
    });
  });

  it("tells the ward's feed when a task falls overdue: the deadline job's escalation puts the plan at risk", async () => {
    await routeCity(api);
    const { household, plan } = await newPlan("21550", signedPlan, 5);
    const task = (
      await data(api, TasksPageDocument, {
        first: 1,
        filter: { householdId: household.id, statuses: ["ROUTED"] },
      })
    ).tasks.edges[0].node;
    const wardFeed = subscribe<WardFeedEvent>(
      api,
      `subscription($w: String!, $after: String) { taskUpdated(wardCode: $w, after: $after) { event { kind comment } task { id } } }`,
      {
        w: "21550",
        after: await latestCursor(api),
      },
    );
    // Time passing, not a change anyone makes: the due date is simply behind us now.
    await api.platform.database.dataSource.query(
      `UPDATE task_assignment SET due_on = current_date - 1 WHERE id = $1`,
      [task.id],
    );
    await api.platform.scheduler.runOnce();
    expect((await wardFeed.next()).taskUpdated.event.kind).toBe("OVERDUE");
    expect((await wardFeed.next()).taskUpdated).toEqual({
      event: {
        kind: "PLAN_AT_RISK",
        comment: "the household's 2025 escape plan is at risk: TASK_OVERDUE",
      },
      task: { id: task.id },
    });
    await wardFeed.close();
    expect((await historyOf(plan.id)).riskReasons).toEqual(["TASK_OVERDUE"]);
  });

  it("keeps the forecast's counts equal to the plans through every change, a household's new classification included", async () => {
    const { household } = await newPlan("21550", signedPlan, 6);
    const h = await householdWith(api, { wardCodes: ["21550"], search: household.code });
    await data(api, UpdateHouseholdAssessmentDocument, {
      id: h.id,
      version: h.version,
      assessment: {
        classification: "NOT_POOR",
        povertyCauses: h.povertyCauses,
        deprivations: h.deprivations,
      },
    });
    const key = "ward_id, classification, year, superseded_in, status, target_year, risk_reasons";
    const ds = api.platform.database.dataSource;
    const counted = await ds.query(
      `SELECT ${key}, sum(households)::int AS n FROM household_plan_count GROUP BY ${key} HAVING sum(households) <> 0 ORDER BY ${key}`,
    );
    const actual = await ds.query(
      `SELECT ${key}, count(*)::int AS n FROM household_plan GROUP BY ${key} ORDER BY ${key}`,
    );
    expect(counted).toEqual(actual);
    const [plan] = await ds.query(
      `SELECT p.classification FROM household_plan p WHERE p.household_id = $1 AND p.year = 2025`,
      [h.id],
    );
    expect(plan.classification).toBe("NOT_POOR");
  });
});
