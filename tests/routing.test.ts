import {
  countTasks,
  data,
  errorOf,
  householdWith,
  latestCursor,
  routeCity,
} from "./harness/api-helpers";
import {
  CancelTaskDocument,
  CreateRoutingRuleDocument,
  HouseholdCountDocument,
  PlanTargetsDocument,
  RouteHouseholdDocument,
  RoutingRulesDocument,
  SetRoutingRuleEnabledDocument,
  TasksPageDocument,
  TasksWithHouseholdCausesDocument,
  TaskWithHistoryDocument,
  UpdateHouseholdAssessmentDocument,
  UpdateRoutingRuleDocument,
  type RoutingRuleInput,
} from "./harness/operations.generated";
import { subscribe, take, type Subscription } from "./harness/subscriptions";
import { startTestPlatform, type TestPlatform } from "./harness/test-platform";

let api: TestPlatform;
beforeAll(async () => {
  api = await startTestPlatform();
});
afterAll(() => api.close());

interface TaskRouted {
  taskRouted: {
    event: { kind: string };
    task: {
      id: string;
      ownerAgency: { code: string };
      measure: { code: string };
      household: { code: string };
    };
  };
}
const ROUTED_SUBSCRIPTION = `subscription($agency: String!, $after: String) { taskRouted(agencyCode: $agency, after: $after) {
  cursor event { kind actor } task { id status ownerAgency { code } measure { code } household { code } } } }`;

describe("routing the plan's 199 households", () => {
  let cultureInformation: Subscription<TaskRouted>;
  let first: Awaited<ReturnType<typeof routeCity>>;

  beforeAll(async () => {
    cultureInformation = subscribe<TaskRouted>(api, ROUTED_SUBSCRIPTION, {
      agency: "CULTURE_INFORMATION",
      after: await latestCursor(api),
    });
    first = await routeCity(api);
  });
  afterAll(() => cultureInformation.close());

  it("creates the tasks the plan implies, per measure and owning agency", async () => {
    expect(first).toEqual({
      householdsEvaluated: 199,
      createdCount: 353,
      existingCount: 0,
      listsTruncated: false,
    });
    const expected: [string, string, number][] = [
      ["INTERNET_ACCESS", "CULTURE_INFORMATION", 47],
      ["INFORMATION_DEVICE", "CULTURE_INFORMATION", 7],
      ["NUTRITION_SUPPORT", "HEALTH_CENTRE", 5],
      ["JOB_REFERRAL", "LABOUR", 89],
      ["HEALTH_INSURANCE_CARD", "LABOUR", 178],
      ["VOCATIONAL_TRAINING", "LABOUR", 4],
      ["SCHOOL_SUPPORT", "OTHER_DEPARTMENTS", 1],
      ["HOUSING_BUILD_REPAIR", "FATHERLAND_FRONT", 12],
      ["HYGIENIC_LATRINE", "SOCIAL_POLICY_BANK", 7],
      ["PREFERENTIAL_LOAN", "SOCIAL_POLICY_BANK", 3],
    ];
    for (const [measure, agency, count] of expected) {
      expect({
        measure,
        agency,
        count: await countTasks(api, { measureCodes: [measure], ownerAgencyCodes: [agency] }),
      }).toEqual({ measure, agency, count });
    }
    expect(expected.reduce((sum, [, , n]) => sum + n, 0)).toBe(353);
  });

  it("routes job referral to the plan's 25 workers of causes 5/6 and 37 of cause 7 through the employment deprivation", async () => {
    const res = await data(api, TasksWithHouseholdCausesDocument, {
      filter: { measureCodes: ["JOB_REFERRAL"] },
    });
    const causes = res.tasks.edges.map((e) => e.node.household.povertyCauses[0]);
    expect(
      causes.filter((c) => c === "NO_PRODUCTION_KNOWLEDGE" || c === "NO_LABOUR_SKILLS"),
    ).toHaveLength(25);
    expect(causes.filter((c) => c === "ILLNESS_OR_ACCIDENT")).toHaveLength(37);
    expect(
      res.tasks.edges.every((e) =>
        e.node.supportingAgencies.some((a) => a.code === "EMPLOYMENT_SERVICE_CENTRE"),
      ),
    ).toBe(true);
  });

  it("documents where routing differs from the plan's funded count: 3 cause-4 households are routed for 1 planned loan", async () => {
    const target = await data(api, PlanTargetsDocument, {
      filter: { measureCodes: ["PREFERENTIAL_LOAN"] },
    });
    expect(target.planTargets.map((t) => t.value)).toEqual([1]);
    expect(await countTasks(api, { measureCodes: ["PREFERENTIAL_LOAN"] })).toBe(3);
  });

  it("notifies the owning agency once per routed need, and nothing else", async () => {
    const events = await take(cultureInformation, 54);
    expect(new Set(events.map((e) => e.taskRouted.task.id)).size).toBe(54);
    for (const e of events) {
      expect(e.taskRouted.event.kind).toBe("ROUTED");
      expect(e.taskRouted.task.ownerAgency.code).toBe("CULTURE_INFORMATION");
    }
    expect(events.filter((e) => e.taskRouted.task.measure.code === "INTERNET_ACCESS")).toHaveLength(
      47,
    );

    // A new need for the agency: the very next event must be its task, so none came in between.
    const h = await householdWith(api, {
      classifications: ["NEAR_POOR"],
      deprivationsNoneOf: ["TELECOM_SERVICES"],
    });
    await data(api, UpdateHouseholdAssessmentDocument, {
      id: h.id,
      version: h.version,
      assessment: {
        deprivations: [...h.deprivations, "TELECOM_SERVICES"],
        povertyCauses: h.povertyCauses,
        classification: h.classification,
      },
    });
    const next = await cultureInformation.next();
    expect(next.taskRouted.task).toMatchObject({
      household: { code: h.code },
      measure: { code: "INTERNET_ACCESS" },
    });
    expect(cultureInformation.buffered()).toEqual([]);
  });

  it("is idempotent: routing again creates nothing and reports the open tasks", async () => {
    const again = await routeCity(api);
    expect(again).toMatchObject({ householdsEvaluated: 199, createdCount: 0, existingCount: 354 });
  });

  it("routes one household, listing created and existing tasks", async () => {
    const h = await householdWith(api, { deprivationsAllOf: ["NUTRITION"] });
    const res = await data(api, RouteHouseholdDocument, { id: h.id });
    expect(res.routeHousehold.createdCount).toBe(0);
    expect(res.routeHousehold.existing.map((t) => t.measure.code)).toContain("NUTRITION_SUPPORT");
    expect(
      res.routeHousehold.existing.every((t) => t.household.id === h.id && t.status === "ROUTED"),
    ).toBe(true);
    const nutrition = res.routeHousehold.existing.find(
      (t) => t.measure.code === "NUTRITION_SUPPORT",
    );
    expect(nutrition).toMatchObject({
      ownerAgency: { code: "HEALTH_CENTRE" },
      ruleVersion: 1,
      version: 1,
    });
    expect(nutrition?.dueOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it("rejects routing an unknown or malformed household", async () => {
    expect(
      (await errorOf(api, RouteHouseholdDocument, { id: "00000000-0000-4000-8000-000000000000" }))
        .extensions?.code,
    ).toBe("NOT_FOUND");
    expect((await errorOf(api, RouteHouseholdDocument, { id: "x" })).extensions?.code).toBe(
      "BAD_USER_INPUT",
    );
  });
});

describe("re-assessment", () => {
  it("flags tasks whose need went away, never deletes them, and unflags them when it returns", async () => {
    await routeCity(api);
    const h = await householdWith(api, { deprivationsAllOf: ["HYGIENIC_LATRINE"] });
    const without = h.deprivations.filter((d) => d !== "HYGIENIC_LATRINE");
    const gone = await data(api, UpdateHouseholdAssessmentDocument, {
      id: h.id,
      version: h.version,
      assessment: {
        deprivations: without,
        povertyCauses: h.povertyCauses,
        classification: h.classification,
      },
    });
    expect(gone.updateHouseholdAssessment.needGone).toEqual([
      expect.objectContaining({ measure: { code: "HYGIENIC_LATRINE" }, needGone: true }),
    ]);
    const taskId = gone.updateHouseholdAssessment.needGone[0].id;
    const { task } = await data(api, TaskWithHistoryDocument, { id: taskId });
    expect(task?.status).toBe("ROUTED");
    expect(task?.history?.map((e) => e.kind)).toEqual(["ROUTED", "NEED_GONE"]);
    expect(task?.history?.[1].before?.needGone).toBe(false);
    expect(task?.history?.[1].after?.needGone).toBe(true);

    const back = await data(api, UpdateHouseholdAssessmentDocument, {
      id: h.id,
      version: h.version + 1,
      assessment: {
        deprivations: h.deprivations,
        povertyCauses: h.povertyCauses,
        classification: h.classification,
      },
    });
    expect(back.updateHouseholdAssessment.needReturned).toEqual([{ id: taskId, needGone: false }]);
    expect(back.updateHouseholdAssessment.routing.createdCount).toBe(0);
  });

  it("does not serve again a need whose task was cancelled, unless an assessment adds the need anew", async () => {
    await routeCity(api);
    const h = await householdWith(api, { deprivationsAllOf: ["TELECOM_SERVICES"] });
    const [task] = (
      await data(api, TasksPageDocument, {
        filter: { householdId: h.id, measureCodes: ["INTERNET_ACCESS"] },
      })
    ).tasks.edges.map((e) => e.node);
    await data(api, CancelTaskDocument, {
      id: task.id,
      version: task.version,
      reason: "the family got a plan from an employer",
    });
    expect((await routeCity(api)).createdCount).toBe(0);
    const without = h.deprivations.filter((d) => d !== "TELECOM_SERVICES");
    const dropped = await data(api, UpdateHouseholdAssessmentDocument, {
      id: h.id,
      version: h.version,
      assessment: {
        deprivations: without,
        povertyCauses: h.povertyCauses,
        classification: h.classification,
      },
    });
    const back = await data(api, UpdateHouseholdAssessmentDocument, {
      id: h.id,
      version: dropped.updateHouseholdAssessment.household.version,
      assessment: {
        deprivations: h.deprivations,
        povertyCauses: h.povertyCauses,
        classification: h.classification,
      },
    });
    expect(back.updateHouseholdAssessment.routing.created.map((t) => t.measure.code)).toEqual([
      "INTERNET_ACCESS",
    ]);
  });

  it("rejects a stale version with CONFLICT and writes nothing", async () => {
    const h = await householdWith(api, { deprivationsAllOf: ["HOUSING_AREA"] });
    const before = await countTasks(api, { householdId: h.id });
    const error = await errorOf(api, UpdateHouseholdAssessmentDocument, {
      id: h.id,
      version: h.version - 1 || 99,
      assessment: { deprivations: [], povertyCauses: [], classification: "POOR" },
    });
    expect(error.extensions?.code).toBe("CONFLICT");
    const after = await householdWith(api, { search: h.code });
    expect(after.version).toBe(h.version);
    expect(after.deprivations).toEqual(h.deprivations);
    expect(await countTasks(api, { householdId: h.id, needGone: true })).toBe(0);
    expect(await countTasks(api, { householdId: h.id })).toBe(before);
  });
});

describe("routing rules as data", () => {
  const ruleByCode = async (code: string) => {
    const rule = (await data(api, RoutingRulesDocument)).routingRules.find((r) => r.code === code);
    if (!rule) throw new Error(`no routing rule ${code}`);
    return rule;
  };

  it("are seeded from the plan", async () => {
    const rules = (await data(api, RoutingRulesDocument)).routingRules;
    const byCode = Object.fromEntries(rules.map((r) => [r.code, r.current]));
    expect(byCode["DEPRIVATION.TELECOM_SERVICES"]).toMatchObject({
      measure: { code: "INTERNET_ACCESS" },
      ownerAgency: { code: "CULTURE_INFORMATION" },
    });
    expect(byCode["DEPRIVATION.HYGIENIC_LATRINE"]).toMatchObject({
      ownerAgency: { code: "SOCIAL_POLICY_BANK" },
      supportingAgencies: [{ code: "FATHERLAND_FRONT" }],
    });
    expect(byCode["CAUSE.NO_MEANS_OF_PRODUCTION"]).toMatchObject({
      povertyCause: "NO_MEANS_OF_PRODUCTION",
      measure: { code: "PREFERENTIAL_LOAN" },
    });
  });

  it("change by new versions; tasks keep the version that made them", async () => {
    await routeCity(api);
    const rule = await ruleByCode("DEPRIVATION.INFORMATION_ACCESS_MEANS");
    const input: RoutingRuleInput = {
      deprivation: "INFORMATION_ACCESS_MEANS",
      measureCode: "INFORMATION_DEVICE",
      ownerAgencyCode: "FATHERLAND_FRONT",
      supportingAgencyCodes: ["CULTURE_INFORMATION"],
    };
    const updated = await data(api, UpdateRoutingRuleDocument, {
      id: rule.id,
      version: rule.currentVersion,
      rule: input,
    });
    expect(updated.updateRoutingRule).toMatchObject({
      currentVersion: rule.currentVersion + 1,
      current: { ownerAgency: { code: "FATHERLAND_FRONT" } },
    });
    expect(
      await countTasks(api, {
        measureCodes: ["INFORMATION_DEVICE"],
        ownerAgencyCodes: ["CULTURE_INFORMATION"],
      }),
    ).toBe(7);

    const h = await householdWith(api, {
      classifications: ["NEAR_POOR"],
      deprivationsNoneOf: ["INFORMATION_ACCESS_MEANS"],
      search: "qn-2159",
    });
    const res = await data(api, UpdateHouseholdAssessmentDocument, {
      id: h.id,
      version: h.version,
      assessment: {
        deprivations: [...h.deprivations, "INFORMATION_ACCESS_MEANS"],
        povertyCauses: h.povertyCauses,
        classification: h.classification,
      },
    });
    const created = res.updateHouseholdAssessment.routing.created.find(
      (t) => t.measure.code === "INFORMATION_DEVICE",
    );
    expect(created).toMatchObject({
      ownerAgency: { code: "FATHERLAND_FRONT" },
      ruleVersion: rule.currentVersion + 1,
    });
    const old = await data(api, TasksPageDocument, {
      first: 1,
      filter: { measureCodes: ["INFORMATION_DEVICE"], ownerAgencyCodes: ["CULTURE_INFORMATION"] },
    });
    expect(old.tasks.edges[0].node.ruleVersion).toBe(rule.currentVersion);
  });

  it("reject a stale version with CONFLICT", async () => {
    const rule = await ruleByCode("DEPRIVATION.NUTRITION");
    const error = await errorOf(api, SetRoutingRuleEnabledDocument, {
      id: rule.id,
      version: 99,
      enabled: false,
    });
    expect(error.extensions?.code).toBe("CONFLICT");
    expect((await ruleByCode("DEPRIVATION.NUTRITION")).currentVersion).toBe(rule.currentVersion);
  });

  it("can be disabled, and a disabled rule routes nothing", async () => {
    const rule = await ruleByCode("DEPRIVATION.CHILD_SCHOOL_ATTENDANCE");
    await data(api, SetRoutingRuleEnabledDocument, {
      id: rule.id,
      version: rule.currentVersion,
      enabled: false,
    });
    const h = await householdWith(api, {
      classifications: ["NEAR_POOR"],
      deprivationsNoneOf: ["CHILD_SCHOOL_ATTENDANCE"],
      search: "qn-2158",
    });
    const res = await data(api, UpdateHouseholdAssessmentDocument, {
      id: h.id,
      version: h.version,
      assessment: {
        deprivations: [...h.deprivations, "CHILD_SCHOOL_ATTENDANCE"],
        povertyCauses: h.povertyCauses,
        classification: h.classification,
      },
    });
    expect(res.updateHouseholdAssessment.routing.created.map((t) => t.measure.code)).not.toContain(
      "SCHOOL_SUPPORT",
    );
  });

  it("can be added for a classification, narrowed to rural households", async () => {
    const created = await data(api, CreateRoutingRuleDocument, {
      code: "CLASSIFICATION.POOR.RURAL",
      rule: {
        classification: "POOR",
        area: "RURAL",
        measureCode: "MONTHLY_SOCIAL_ASSISTANCE",
        ownerAgencyCode: "LABOUR",
      },
    });
    expect(created.createRoutingRule).toMatchObject({
      currentVersion: 1,
      current: { classification: "POOR", area: "RURAL" },
    });
    const result = await routeCity(api);
    const rural = (
      await data(api, HouseholdCountDocument, {
        filter: {
          classifications: ["POOR"],
          wardCodes: ["21598", "21601", "21604", "21607", "21991"],
        },
      })
    ).households.totalCount;
    expect(result.createdCount).toBe(rural);
    expect(await countTasks(api, { measureCodes: ["MONTHLY_SOCIAL_ASSISTANCE"] })).toBe(rural);
  });

  it("reject rules that match nothing or several things, unknown codes, and taken codes", async () => {
    const create = (code: string, rule: RoutingRuleInput) =>
      errorOf(api, CreateRoutingRuleDocument, { code, rule });
    const base = { measureCode: "JOB_REFERRAL", ownerAgencyCode: "LABOUR" };
    expect((await create("X.ONE", base)).message).toMatch(
      /exactly one of deprivation, povertyCause or classification/,
    );
    expect(
      (await create("X.TWO", { ...base, deprivation: "EMPLOYMENT", classification: "POOR" }))
        .extensions?.code,
    ).toBe("BAD_USER_INPUT");
    expect(
      (await create("X.THREE", { ...base, deprivation: "EMPLOYMENT", ownerAgencyCode: "NOBODY" }))
        .message,
    ).toMatch(/no agency has code NOBODY/);
    expect(
      (await create("X.FOUR", { ...base, deprivation: "EMPLOYMENT", measureCode: "NOTHING" }))
        .message,
    ).toMatch(/no support measure/);
    expect(
      (await create("DEPRIVATION.EMPLOYMENT", { ...base, deprivation: "EMPLOYMENT" })).extensions
        ?.code,
    ).toBe("CONFLICT");
    expect(
      (await create("lower case", { ...base, deprivation: "EMPLOYMENT" })).extensions?.code,
    ).toBe("BAD_USER_INPUT");
  });
});
