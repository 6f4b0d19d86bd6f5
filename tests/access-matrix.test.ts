import type { TypedDocumentNode } from "@graphql-typed-document-node/core";
import ExcelJS from "exceljs";
import { print } from "graphql";
import { buildPlatformSchema } from "../server/app/schema";
import { householdScopeSql } from "../server/modules/households";
import { TaskAssignment, maySee, taskScopeSql } from "../server/modules/tasks";
import { Role, type Viewer } from "../server/shared/auth";
import { positionalParameters } from "../server/shared/sql-parameters";
import { AccessFixtures, PRINCIPALS, type Scope } from "./harness/access-fixtures";
import { answerOf, data } from "./harness/api-helpers";
import {
  AddPlanFundingLineDocument,
  ClassificationIssuesDocument,
  HouseholdAssessmentDocument,
  HouseholdIdAndCodeDocument,
  HouseholdIdsOfWardDocument,
  HouseholdPlanIdDocument,
  HouseholdPlanIdsOfWardDocument,
  HouseholdWardIdDocument,
  RoutingRulesDocument,
  SetFundingBudgetDocument,
  TaskGlanceDocument,
  TaskHouseholdIdDocument,
  TasksPageDocument,
} from "./harness/operations.generated";
import { householdRow, uploadList, uploadOperation, xlsxList } from "./harness/review-lists";
import { subscribe } from "./harness/subscriptions";
import {
  startTestPlatform,
  type GraphQLResponse,
  type TestIdentity,
  type TestPlatform,
} from "./harness/test-platform";

/**
 * Every role × every query, mutation and subscription × own and foreign scope. The operations come
 * from the schema: one without a row here fails the test, so no operation goes unchecked.
 */
type Outcome = "allowed" | "forbidden" | "hidden";
type Expect = (role: Role, scope: Scope) => Outcome;

const { ADMIN, AGENCY_STAFF, WARD_OFFICER, MONITOR } = Role;
const everyone: Expect = () => "allowed";
const only =
  (...roles: Role[]): Expect =>
  (role) =>
    roles.includes(role) ? "allowed" : "forbidden";
/** Allowed for the roles, but staff and ward officers only in their own scope. */
const scoped =
  (roles: Role[], foreign: "forbidden" | "hidden"): Expect =>
  (role, scope) => {
    if (!roles.includes(role)) return "forbidden";
    if ((role === AGENCY_STAFF || role === WARD_OFFICER) && scope === "foreign") return foreign;
    return "allowed";
  };

interface Case {
  expect: Expect;
  /** Runs the operation as `who` and returns the answer and whether its payload is empty (hidden). */
  run(
    f: AccessFixtures,
    api: TestPlatform,
    who: TestIdentity,
    scope: Scope,
  ): Promise<{ res: GraphQLResponse; empty: boolean }>;
}

/**
 * Sends the operation as `who`. A typed one may say when its data is empty (the row hidden); the
 * matrix's other operations stay literal text, one per schema field, for their outcome alone.
 */
async function call<TData, TVariables>(
  api: TestPlatform,
  who: TestIdentity,
  document: TypedDocumentNode<TData, TVariables>,
  variables: TVariables,
  empty: (d: TData) => boolean,
): Promise<{ res: GraphQLResponse; empty: boolean }>;
async function call(
  api: TestPlatform,
  who: TestIdentity,
  query: string,
  variables: Record<string, unknown>,
): Promise<{ res: GraphQLResponse; empty: boolean }>;
async function call(
  api: TestPlatform,
  who: TestIdentity,
  operation: string | TypedDocumentNode<unknown, unknown>,
  variables: unknown,
  empty: (d: unknown) => boolean = () => false,
) {
  const res = await api
    .as(who)
    .graphql<unknown>(
      typeof operation === "string" ? operation : print(operation),
      variables as Record<string, unknown>,
    );
  return { res, empty: !res.errors && empty(res.data) };
}

const taskMutation = (
  mutation: string,
  status: "ROUTED" | "ACCEPTED" | "IN_PROGRESS",
  args = "",
): Case => ({
  expect: scoped([ADMIN, AGENCY_STAFF], "forbidden"),
  run: async (f, api, who, scope) => {
    const t = await f.task(who, scope, status);
    return call(
      api,
      who,
      `mutation($id: ID!, $v: Int!) { ${mutation}(id: $id, version: $v${args}) { id } }`,
      { id: t.id, v: t.version },
    );
  },
});

const simpleQuery = (query: string): Case => ({
  expect: everyone,
  run: (_f, api, who) => call(api, who, query, {}),
});

let ruleCounter = 0;
let standardCounter = 0;
let changeCounter = 0;
const cases: Record<string, Case> = {
  wards: simpleQuery(`{ wards { id code } }`),
  agencies: simpleQuery(`{ agencies { code } }`),
  supportMeasures: simpleQuery(`{ supportMeasures { code } }`),
  planTargets: simpleQuery(`{ planTargets { code } }`),
  routingRules: simpleQuery(`{ routingRules { code } }`),
  latestTaskEventCursor: simpleQuery(`{ latestTaskEventCursor }`),
  rateLimit: simpleQuery(`{ rateLimit { remaining } }`),
  // Everyone keeps their own language, and only their own: the setting is keyed by the token's user.
  myLanguage: simpleQuery(`{ myLanguage }`),
  setMyLanguage: simpleQuery(`mutation { setMyLanguage(language: VI) }`),
  povertyStandards: simpleQuery(`{ povertyStandards { code } }`),
  reviews: simpleQuery(`{ reviews { code } }`),
  povertyRates: simpleQuery(`{ povertyRates(year: 2024) { city { poor } } }`),
  administrativeChanges: simpleQuery(`{ administrativeChanges { id } }`),
  overdueTasks: simpleQuery(`{ overdueTasks { totalCount } }`),
  fundingSources: simpleQuery(`{ fundingSources { code } }`),
  capacityBuilding: simpleQuery(`{ capacityBuilding { trained } }`),
  monitoringReport: simpleQuery(
    `{ monitoringReport(from: "2024-01-01", to: "2024-06-30") { city { poor } } }`,
  ),
  setFundingBudget: {
    // Finance and Planning's staff may too; the fixtures' staff belong to other agencies.
    expect: only(ADMIN),
    run: (_f, api, who) =>
      call(
        api,
        who,
        `mutation { setFundingBudget(sourceCode: "CONTRIBUTIONS", year: 2026, amount: 1000000) { code } }`,
        {},
      ),
  },
  allocateFunds: {
    expect: only(ADMIN),
    run: async (f, api, who, scope) => {
      await data(api, SetFundingBudgetDocument, {
        source: "CONTRIBUTIONS",
        year: 2026,
        amount: 1000000,
      });
      const task = await f.task(who, scope, "ROUTED");
      return call(
        api,
        who,
        `mutation($t: ID!) { allocateFunds(allocation: { taskId: $t, sourceCode: "CONTRIBUTIONS", year: 2026, amount: 1 }) { id } }`,
        { t: task.id },
      );
    },
  },
  recordTrainingSession: {
    expect: scoped([ADMIN, AGENCY_STAFF], "forbidden"),
    run: (f, api, who, scope) =>
      call(
        api,
        who,
        `mutation($s: TrainingSessionInput!) { recordTrainingSession(session: $s) { id } }`,
        {
          s: {
            heldOn: "2024-05-01",
            topic: "Rà soát hộ nghèo",
            organiserAgencyCode: f.agencyCode(who, scope),
            officialsAttending: 1,
            villageOfficersAttending: 1,
          },
        },
      ),
  },
  classificationIssues: {
    expect: scoped(Object.values(Role), "hidden"),
    run: async (f, api, who, scope) => {
      const id = f.householdId(who, scope);
      // Income far above the threshold: the household's recorded classification now disagrees with the standard.
      await api.platform.database.dataSource.query(
        `UPDATE household SET income_per_person_monthly = 90000000 WHERE id = $1`,
        [id],
      );
      return call(
        api,
        who,
        ClassificationIssuesDocument,
        {},
        (d) => !d.classificationIssues.edges.some((e) => e.node.household.id === id),
      );
    },
  },
  importHouseholds: {
    expect: scoped([ADMIN, WARD_OFFICER], "forbidden"),
    run: async (f, _api, who, scope) => {
      const ward = f.wardCode(who, scope);
      const { errors, report } = await uploadList(
        api,
        await xlsxList([householdRow(`QN-${ward}-7001`)]),
        { ward, review: "2024-PERIODIC", dryRun: true, as: who },
      );
      return { res: { errors, data: report }, empty: false };
    },
  },
  createPovertyStandard: {
    expect: only(ADMIN),
    run: (_f, api, who) => {
      const n = ++standardCounter;
      const s = {
        code: `ACCESS-${n}`,
        name: "test",
        validFrom: `${2090 + n}-01-01`,
        validUntil: `${2091 + n}-01-01`,
        ruralIncomeThreshold: 1,
        urbanIncomeThreshold: 1,
        minDeprivationsForPoor: 3,
      };
      return call(
        api,
        who,
        `mutation($s: PovertyStandardInput!) { createPovertyStandard(standard: $s) { id } }`,
        { s },
      );
    },
  },
  recordAdministrativeChange: {
    expect: only(ADMIN),
    run: (_f, api, who) => {
      // A change in the far future on wards no other case uses: it ends them only from then on.
      const predecessor = who.role === ADMIN ? ["21601", "21604"][changeCounter++] : "21601";
      return call(
        api,
        who,
        `mutation($c: AdministrativeChangeInput!) { recordAdministrativeChange(change: $c) { id } }`,
        {
          c: {
            predecessorWardCodes: [predecessor],
            successorWardCode: "21991",
            effectiveOn: "2099-01-01",
          },
        },
      );
    },
  },
  household: {
    expect: scoped(Object.values(Role), "hidden"),
    run: (f, api, who, scope) =>
      call(
        api,
        who,
        HouseholdIdAndCodeDocument,
        { id: f.householdId(who, scope) },
        (d) => d.household === null,
      ),
  },
  households: {
    expect: scoped(Object.values(Role), "hidden"),
    run: async (f, api, who, scope) => {
      const id = f.householdId(who, scope);
      const admin = await data(api, HouseholdWardIdDocument, { id });
      return call(
        api,
        who,
        HouseholdIdsOfWardDocument,
        { wardId: admin.household!.ward.id },
        (d) => !d.households.edges.some((e) => e.node.id === id),
      );
    },
  },
  task: {
    expect: scoped(Object.values(Role), "hidden"),
    run: async (f, api, who, scope) =>
      call(
        api,
        who,
        TaskGlanceDocument,
        { id: (await f.task(who, scope)).id },
        (d) => d.task === null,
      ),
  },
  tasks: {
    expect: scoped(Object.values(Role), "hidden"),
    run: async (f, api, who, scope) => {
      const t = await f.task(who, scope);
      return call(
        api,
        who,
        TasksPageDocument,
        { filter: { householdId: t.household.id }, first: 100 },
        (d) => !d.tasks.edges.some((e) => e.node.id === t.id),
      );
    },
  },
  stats: simpleQuery(`{ stats(groupBy: [CLASSIFICATION]) { households } }`),
  planProgress: simpleQuery(`{ planProgress(year: 2024) { actual } }`),
  personalDataAccessLog: {
    expect: only(ADMIN),
    run: (_f, api, who) =>
      call(api, who, `{ personalDataAccessLog(first: 5) { edges { node { id } } } }`, {}),
  },

  acceptTask: taskMutation("acceptTask", "ROUTED"),
  startTask: taskMutation("startTask", "ACCEPTED"),
  completeTask: taskMutation("completeTask", "IN_PROGRESS", `, outcome: "done"`),
  declineTask: taskMutation("declineTask", "ROUTED", `, reason: "not ours"`),
  cancelTask: taskMutation("cancelTask", "ROUTED", `, reason: "duplicate"`),
  reassignTask: taskMutation(
    "reassignTask",
    "ROUTED",
    `, agencyCode: "ECONOMY", reason: "better placed"`,
  ),
  updateTaskDetails: taskMutation("updateTaskDetails", "ROUTED", `, details: { notes: "visited" }`),
  commentOnTask: {
    expect: scoped([ADMIN, AGENCY_STAFF, WARD_OFFICER, MONITOR], "forbidden"),
    run: async (f, api, who, scope) => {
      const t = await f.refresh(await f.task(who, scope));
      return call(
        api,
        who,
        `mutation($id: ID!, $v: Int!) { commentOnTask(id: $id, version: $v, text: "checked") { id } }`,
        { id: t.id, v: t.version },
      );
    },
  },

  createRoutingRule: {
    expect: only(ADMIN),
    run: (_f, api, who) =>
      call(
        api,
        who,
        `mutation($c: String!) { createRoutingRule(code: $c, rule: { classification: NOT_POOR, measureCode: "JOB_REFERRAL", ownerAgencyCode: "LABOUR" }) { id } }`,
        {
          c: `MATRIX.${++ruleCounter}`,
        },
      ),
  },
  updateRoutingRule: {
    expect: only(ADMIN),
    run: async (_f, api, who) => {
      const rule = (await data(api, RoutingRulesDocument)).routingRules.find(
        (r) => r.code === "DEPRIVATION.DOMESTIC_WATER",
      )!;
      return call(
        api,
        who,
        `mutation($id: ID!, $v: Int!) { updateRoutingRule(id: $id, version: $v, rule: { deprivation: DOMESTIC_WATER, measureCode: "DOMESTIC_WATER_SUPPORT", ownerAgencyCode: "FATHERLAND_FRONT" }) { id } }`,
        {
          id: rule.id,
          v: rule.currentVersion,
        },
      );
    },
  },
  setRoutingRuleEnabled: {
    expect: only(ADMIN),
    run: async (_f, api, who) => {
      const rule = (await data(api, RoutingRulesDocument)).routingRules.find(
        (r) => r.code === "DEPRIVATION.DOMESTIC_WATER",
      )!;
      return call(
        api,
        who,
        `mutation($id: ID!, $v: Int!) { setRoutingRuleEnabled(id: $id, version: $v, enabled: true) { id } }`,
        { id: rule.id, v: rule.currentVersion },
      );
    },
  },
  routeHousehold: {
    expect: scoped([ADMIN, WARD_OFFICER], "forbidden"),
    run: (f, api, who, scope) =>
      call(api, who, `mutation($id: ID!) { routeHousehold(householdId: $id) { createdCount } }`, {
        id: f.householdId(who, scope),
      }),
  },
  routeHouseholds: {
    expect: scoped([ADMIN, WARD_OFFICER], "forbidden"),
    run: (f, api, who, scope) =>
      call(
        api,
        who,
        `mutation($w: String!) { routeHouseholds(filter: { wardCodes: [$w] }) { createdCount } }`,
        { w: f.wardCode(who, scope) },
      ),
  },
  updateHouseholdAssessment: {
    expect: scoped([ADMIN, WARD_OFFICER], "forbidden"),
    run: async (f, api, who, scope) => {
      const id = f.householdId(who, scope);
      const h = (await data(api, HouseholdAssessmentDocument, { id })).household!;
      const assessment = {
        classification: h.classification,
        povertyCauses: h.povertyCauses,
        deprivations: h.deprivations.map((d) => d.indicator),
      };
      return call(
        api,
        who,
        `mutation($id: ID!, $v: Int!, $a: HouseholdAssessmentInput!) { updateHouseholdAssessment(householdId: $id, version: $v, assessment: $a) { household { id } } }`,
        {
          id,
          v: h.version,
          a: assessment,
        },
      );
    },
  },

  householdPlan: {
    expect: scoped([ADMIN, AGENCY_STAFF, WARD_OFFICER, MONITOR], "hidden"),
    run: async (f, api, who, scope) =>
      call(
        api,
        who,
        HouseholdPlanIdDocument,
        { id: await demoPlanOf(api, f.householdId(who, scope)) },
        (d) => d.householdPlan === null,
      ),
  },
  householdPlans: {
    expect: scoped([ADMIN, AGENCY_STAFF, WARD_OFFICER, MONITOR], "hidden"),
    run: async (f, api, who, scope) => {
      const id = await demoPlanOf(api, f.householdId(who, scope));
      const [{ code }] = await api.platform.database.dataSource.query(
        `SELECT w.code FROM household_plan p JOIN household h ON h.id = p.household_id JOIN ward w ON w.id = h.ward_id WHERE p.id = $1`,
        [id],
      );
      return call(
        api,
        who,
        HouseholdPlanIdsOfWardDocument,
        { year: 2024, ward: code },
        (d) => !d.householdPlans.edges.some((e) => e.node.id === id),
      );
    },
  },
  myMentoredHouseholds: {
    expect: only(ADMIN, AGENCY_STAFF, WARD_OFFICER, MONITOR),
    run: (_f, api, who) => call(api, who, `{ myMentoredHouseholds { id } }`, {}),
  },
  planForecast: simpleQuery(
    `{ planForecast(year: 2024) { city { registered atRisk } targets { met } } }`,
  ),
  createHouseholdPlan: {
    expect: scoped([ADMIN, WARD_OFFICER], "forbidden"),
    run: async (f, api, who, scope) => {
      const [{ id }] = await api.platform.database.dataSource.query(
        `SELECT h.id FROM household h JOIN ward w ON w.id = h.ward_id WHERE w.code = $1 AND NOT EXISTS (SELECT 1 FROM household_plan p WHERE p.household_id = h.id AND p.year = 2025) ORDER BY h.code LIMIT 1`,
        [f.wardCode(who, scope)],
      );
      return call(
        api,
        who,
        `mutation($h: ID!, $p: PlanFieldsInput!) { createHouseholdPlan(householdId: $h, year: 2025, plan: $p) { id } }`,
        { h: id, p: PLAN_FIELDS },
      );
    },
  },
  updateHouseholdPlan: {
    expect: scoped([ADMIN, WARD_OFFICER], "forbidden"),
    run: async (f, api, who, scope) => {
      const plan = await wardPlan(api, f.wardCode(who, scope));
      return call(
        api,
        who,
        `mutation($id: ID!, $v: Int!, $p: PlanFieldsInput!) { updateHouseholdPlan(id: $id, version: $v, plan: $p) { id } }`,
        { id: plan.id, v: plan.version, p: PLAN_FIELDS },
      );
    },
  },
  addPlanMeasure: {
    expect: scoped([ADMIN, WARD_OFFICER], "forbidden"),
    run: async (f, api, who, scope) => {
      const plan = await wardPlan(
        api,
        f.wardCode(who, scope),
        `NOT EXISTS (SELECT 1 FROM task_assignment t JOIN support_measure m ON m.id = t.measure_id WHERE t.household_id = p.household_id AND m.code = 'MONTHLY_SOCIAL_ASSISTANCE')`,
      );
      return call(
        api,
        who,
        `mutation($id: ID!, $v: Int!) { addPlanMeasure(id: $id, version: $v, measureCode: "MONTHLY_SOCIAL_ASSISTANCE") { id } }`,
        { id: plan.id, v: plan.version },
      );
    },
  },
  addPlanFundingLine: {
    expect: scoped([ADMIN, WARD_OFFICER], "forbidden"),
    run: async (f, api, who, scope) => {
      const plan = await wardPlan(
        api,
        f.wardCode(who, scope),
        `EXISTS (SELECT 1 FROM task_assignment t WHERE t.household_id = p.household_id AND t.status = 'ROUTED')`,
      );
      const [task] = await api.platform.database.dataSource.query(
        `SELECT t.id FROM task_assignment t JOIN household_plan p ON p.household_id = t.household_id WHERE p.id = $1 AND t.status = 'ROUTED' LIMIT 1`,
        [plan.id],
      );
      return call(
        api,
        who,
        `mutation($id: ID!, $v: Int!, $l: PlanFundingLineInput!) { addPlanFundingLine(id: $id, version: $v, line: $l) { id } }`,
        {
          id: plan.id,
          v: plan.version,
          l: { taskId: task.id, sourceCode: "CONTRIBUTIONS", amount: 1 },
        },
      );
    },
  },
  allocatePlanFundingLine: {
    // Finance and Planning's staff may too; the fixtures' staff belong to other agencies.
    expect: only(ADMIN),
    run: async (f, api, who, scope) => {
      await data(api, SetFundingBudgetDocument, {
        source: "CONTRIBUTIONS",
        year: 2024,
        amount: 1000000,
      });
      const plan = await wardPlan(
        api,
        f.wardCode(who, scope),
        `EXISTS (SELECT 1 FROM task_assignment t WHERE t.household_id = p.household_id AND t.status = 'ROUTED')`,
      );
      const [task] = await api.platform.database.dataSource.query(
        `SELECT t.id FROM task_assignment t JOIN household_plan p ON p.household_id = t.household_id WHERE p.id = $1 AND t.status = 'ROUTED' LIMIT 1`,
        [plan.id],
      );
      const lined = await data(api, AddPlanFundingLineDocument, {
        id: plan.id,
        version: plan.version,
        line: { taskId: task.id, sourceCode: "CONTRIBUTIONS", amount: 1 },
      });
      const line = lined.addPlanFundingLine.fundingLines.find((l) => !l.allocationId)!;
      return call(
        api,
        who,
        `mutation($id: ID!, $v: Int!, $l: ID!) { allocatePlanFundingLine(id: $id, version: $v, lineId: $l) { id } }`,
        { id: plan.id, v: lined.addPlanFundingLine.version, l: line.id },
      );
    },
  },
  importHouseholdPlans: {
    expect: scoped([ADMIN, WARD_OFFICER], "forbidden"),
    run: async (f, api, who, scope) => {
      const plan = await wardPlan(api, f.wardCode(who, scope));
      const sheet = await planSheet({
        "Mã hộ": plan.code,
        "Tình trạng": "Đăng ký thoát nghèo",
        "Năm dự kiến thoát nghèo": 2024,
        "Phiên bản": plan.version,
      });
      const { data: answer, errors } = await uploadOperation(
        api,
        IMPORT_PLANS,
        { ward: f.wardCode(who, scope), year: 2024, dryRun: true },
        sheet,
        "ke-hoach.xlsx",
        who,
      );
      return { res: { errors, data: answer }, empty: false };
    },
  },

  taskRouted: {
    expect: scoped([ADMIN, AGENCY_STAFF, MONITOR], "forbidden"),
    run: (f, api, who, scope) =>
      subscriptionOutcome(
        api,
        who,
        `subscription($a: String!, $after: String) { taskRouted(agencyCode: $a, after: $after) { cursor } }`,
        { a: f.agencyCode(who, scope) },
      ),
  },
  taskUpdated: {
    expect: scoped([ADMIN, AGENCY_STAFF, WARD_OFFICER, MONITOR], "forbidden"),
    run: (f, api, who, scope) =>
      who.role === AGENCY_STAFF
        ? subscriptionOutcome(
            api,
            who,
            `subscription($a: String!, $after: String) { taskUpdated(agencyCode: $a, after: $after) { cursor } }`,
            { a: f.agencyCode(who, scope) },
          )
        : subscriptionOutcome(
            api,
            who,
            `subscription($w: String!, $after: String) { taskUpdated(wardCode: $w, after: $after) { cursor } }`,
            { w: f.wardCode(who, scope) },
          ),
  },
};

const PLAN_FIELDS = { status: "REGISTERED", targetYear: 2025, mentors: [] };
const IMPORT_PLANS = `mutation($file: Upload!, $ward: String!, $year: Int!, $dryRun: Boolean!) { importHouseholdPlans(file: $file, wardCode: $ward, year: $year, dryRun: $dryRun) { committed } }`;

/** The demo's 2024 plan of the household. */
async function demoPlanOf(api: TestPlatform, householdId: string): Promise<string> {
  const [plan] = await api.platform.database.dataSource.query(
    `SELECT id FROM household_plan WHERE household_id = $1 AND year = 2024`,
    [householdId],
  );
  return plan.id;
}

/** A 2024 plan of the ward (the one least changed, meeting the condition over `household_plan` aliased `p`), with its version and household code. */
async function wardPlan(
  api: TestPlatform,
  wardCode: string,
  condition = "true",
): Promise<{ id: string; version: number; code: string }> {
  const [plan] = await api.platform.database.dataSource.query(
    `SELECT p.id, p.version, h.code FROM household_plan p JOIN household h ON h.id = p.household_id JOIN ward w ON w.id = h.ward_id
      WHERE w.code = $1 AND p.year = 2024 AND ${condition} ORDER BY p.version, h.code LIMIT 1`,
    [wardCode],
  );
  return plan;
}

/** A plan sheet with one row. */
async function planSheet(row: Record<string, unknown>): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet("Kế hoạch hộ");
  const headers = [
    "Mã hộ",
    "Tình trạng",
    "Năm dự kiến thoát nghèo",
    "Lý do không dự kiến thoát nghèo",
    "Mô hình, dự án sản xuất tham gia",
    "Cán bộ theo dõi, giúp đỡ",
    "Tài khoản cán bộ",
    "Cơ quan của cán bộ",
    "Ngày hộ ký cam kết",
    "Ngày Chủ tịch UBND phê duyệt",
    "Phiên bản",
  ];
  sheet.addRow(headers);
  sheet.addRow(headers.map((h) => row[h] ?? null));
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** Subscribes from the first event ever: an allowed subscription replays one at once, a refused one errors. */
async function subscriptionOutcome(
  api: TestPlatform,
  who: TestIdentity,
  query: string,
  variables: Record<string, unknown>,
) {
  const fromTheStart = Buffer.from("ev1:0:0").toString("base64url");
  const s = subscribe(
    api,
    query,
    { ...variables, after: fromTheStart },
    { token: api.tokenFor(who) },
  );
  try {
    await s.next();
    return { res: {}, empty: false };
  } catch (error) {
    return { res: error as GraphQLResponse, empty: false };
  } finally {
    await s.close();
  }
}

function outcomeOf({ res, empty }: { res: GraphQLResponse; empty: boolean }): Outcome | string {
  const code = res.errors?.[0]?.extensions?.code;
  if (code === "FORBIDDEN") return "forbidden";
  if (res.errors) return `error ${code}: ${res.errors[0].message}`;
  return empty ? "hidden" : "allowed";
}

let api: TestPlatform;
let fixtures: AccessFixtures;
beforeAll(async () => {
  api = await startTestPlatform();
  fixtures = new AccessFixtures(api);
  await fixtures.load();
});
afterAll(() => api.close());

describe("access matrix", () => {
  it("has a row for every operation of the schema", async () => {
    const schema = await buildPlatformSchema();
    const operations = [
      schema.getQueryType(),
      schema.getMutationType(),
      schema.getSubscriptionType(),
    ].flatMap((t) => Object.keys(t!.getFields()));
    expect(operations.filter((op) => !(op in cases))).toEqual([]);
    expect(Object.keys(cases).filter((op) => !operations.includes(op))).toEqual([]);
  });

  for (const [operation, c] of Object.entries(cases)) {
    it(`${operation}: every role, own and foreign scope`, async () => {
      const results: Record<string, Outcome | string> = {};
      const expected: Record<string, Outcome> = {};
      for (const [principal, who] of Object.entries(PRINCIPALS)) {
        for (const scope of ["own", "foreign"] as Scope[]) {
          results[`${principal} ${scope}`] = outcomeOf(await c.run(fixtures, api, who, scope));
          expected[`${principal} ${scope}`] = c.expect(who.role, scope);
        }
      }
      expect(results).toEqual(expected);
    });
  }
});

describe("the task rule, in SQL and in TypeScript", () => {
  /** The viewer a principal's token yields, read as the authenticator reads it. */
  async function viewerOf(who: TestIdentity): Promise<Viewer> {
    const db = api.platform.database.dataSource;
    const [agency] = who.agency
      ? await db.query(`SELECT id, is_secretariat FROM agency WHERE code = $1`, [who.agency])
      : [];
    const [ward] = who.ward
      ? await db.query(`SELECT id FROM ward WHERE code = $1`, [who.ward])
      : [];
    return {
      userId: who.sub,
      role: who.role,
      agencyId: agency?.id ?? null,
      agencyCode: who.agency ?? null,
      secretariat: agency?.is_secretariat ?? false,
      wardId: ward?.id ?? null,
      wardCode: who.ward ?? null,
      expiresAt: null,
    };
  }
  const idsWhere = async (
    table: string,
    alias: string,
    scope: (bind: ReturnType<typeof positionalParameters>) => string | null,
  ) => {
    const params: unknown[] = [];
    const condition = scope(positionalParameters(params));
    const rows: { id: string }[] = await api.platform.database.dataSource.query(
      `SELECT ${alias}.id FROM ${table} ${alias}${condition ? ` WHERE ${condition}` : ""}`,
      params,
    );
    return rows.map((r) => r.id).sort();
  };

  let overdue: { id: string };
  beforeAll(async () => {
    const db = api.platform.database.dataSource;
    // A declined and an overdue task of other agencies: the secretariat's rules are about those. The
    // overdue one is the only task of its household, so no other rule shows the secretariat that household.
    const [declined]: { id: string; version: number }[] = await db.query(
      `SELECT t.id, t.version FROM task_assignment t JOIN agency a ON a.id = t.owner_agency_id WHERE a.code = 'CULTURE_INFORMATION' AND t.status = 'ROUTED' ORDER BY t.id LIMIT 1`,
    );
    await data(
      api,
      `mutation($id: ID!, $v: Int!) { declineTask(id: $id, version: $v, reason: "not ours") { id } }`,
      { id: declined.id, v: declined.version },
    );
    [overdue] = await db.query(
      `WITH moved AS (UPDATE task_assignment SET household_id = $1, ward_id = (SELECT ward_id FROM household WHERE id = $1), due_on = DATE '2024-01-01'
        WHERE id = (SELECT t.id FROM task_assignment t JOIN agency a ON a.id = t.owner_agency_id JOIN agency l ON l.code = 'LABOUR'
                    WHERE a.code <> 'LABOUR' AND t.status = 'ROUTED' AND NOT l.id = ANY(t.supporting_agency_ids) LIMIT 1)
        RETURNING id) SELECT id FROM moved`,
      [fixtures.untouchedHousehold],
    );
  });

  it("gives every principal the same tasks through taskScopeSql and maySee, and the households behind them through householdScopeSql", async () => {
    const tasks = await api.platform.database.dataSource.getRepository(TaskAssignment).find();
    for (const [principal, who] of Object.entries(PRINCIPALS)) {
      const viewer = await viewerOf(who);
      const bySql = await idsWhere("task_assignment", "t", (bind) => taskScopeSql(viewer, bind));
      const inHand = tasks.filter((t) => maySee(viewer, t));
      expect([principal, bySql]).toEqual([principal, inHand.map((t) => t.id).sort()]);
      const households = await idsWhere("household", "h", (bind) =>
        householdScopeSql(viewer, bind),
      );
      if (who.role === Role.AGENCY_STAFF)
        expect([principal, households]).toEqual([
          principal,
          [...new Set(inHand.map((t) => t.householdId))].sort(),
        ]);
      else
        expect(households).toEqual(
          expect.arrayContaining([...new Set(inHand.map((t) => t.householdId))]),
        );
    }
  });

  it("shows the secretariat the household of every task it sees, declined or overdue", async () => {
    const secretariat = api.as(PRINCIPALS.SECRETARIAT);
    const seen = await answerOf(secretariat, TaskHouseholdIdDocument, { id: overdue.id });
    expect(seen.errors).toBeUndefined();
    expect(seen.data!.task!.household).not.toBeNull();
    const household = await answerOf(secretariat, HouseholdIdAndCodeDocument, {
      id: seen.data!.task!.household.id,
    });
    expect(household.data!.household?.id).toBe(seen.data!.task!.household.id);
  });
});
