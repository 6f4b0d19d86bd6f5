import { countTasks, data, errorOf, latestCursor, routeCity, TASK_FIELDS } from "./harness/api-helpers";
import { Role } from "../server/shared/auth";
import { subscribe, take } from "./harness/subscriptions";
import { startTestPlatform, type TestPlatform } from "./harness/test-platform";

let api: TestPlatform;
beforeAll(async () => {
  api = await startTestPlatform();
  await routeCity(api);
});
afterAll(() => api.close());

const TASK = `query($id: ID!) { task(id: $id) { ${TASK_FIELDS} history { kind actor at comment before after } } }`;
const taskById = async (id: string) => (await data(api, TASK, { id })).task;

/** A fresh ROUTED task of the measure, a different one each call. */
const used = new Set<string>();
async function routedTask(measure = "HEALTH_INSURANCE_CARD") {
  const res = await data(api, `query($m: String!) { tasks(first: 100, filter: { measureCodes: [$m], statuses: [ROUTED] }) { edges { node { ${TASK_FIELDS} } } } }`, { m: measure });
  const task = res.tasks.edges.map((e: any) => e.node).find((t: any) => !used.has(t.id));
  used.add(task.id);
  return task;
}

const act = (mutation: string, args: string, variables: Record<string, unknown>) =>
  api.graphql(`mutation($id: ID!, $v: Int!${args}) { ${mutation} { ${TASK_FIELDS} } }`, variables);

describe("task workflow", () => {
  it("goes ROUTED → ACCEPTED → IN_PROGRESS → COMPLETED, recording each change in history", async () => {
    const task = await routedTask();
    const accepted = await act(`acceptTask(id: $id, version: $v, assignee: "Lê Thị Hoa")`, "", { id: task.id, v: 1 });
    expect(accepted.data.acceptTask).toMatchObject({ status: "ACCEPTED", assignee: "Lê Thị Hoa", version: 2 });
    const started = await act(`startTask(id: $id, version: $v)`, "", { id: task.id, v: 2 });
    expect(started.data.startTask).toMatchObject({ status: "IN_PROGRESS", version: 3 });
    const completed = await act(`completeTask(id: $id, version: $v, outcome: $o)`, ", $o: String!", { id: task.id, v: 3, o: "Cards issued to 2 members" });
    expect(completed.data.completeTask).toMatchObject({ status: "COMPLETED", outcome: "Cards issued to 2 members", version: 4 });

    const history = (await taskById(task.id)).history;
    expect(history.map((e: any) => e.kind)).toEqual(["ROUTED", "ACCEPTED", "STARTED", "COMPLETED"]);
    expect(history[1].before).toMatchObject({ status: "ROUTED", assignee: null, version: 1 });
    expect(history[1].after).toMatchObject({ status: "ACCEPTED", assignee: "Lê Thị Hoa", version: 2 });
    expect(history.every((e: any) => e.actor && !Number.isNaN(Date.parse(e.at)))).toBe(true);
  });

  it("answers each change with the event it wrote, the one history keeps and subscribers receive", async () => {
    const task = await routedTask();
    const ward = task.ward.code;
    const feed = subscribe(api, `subscription($w: String!, $after: String) { taskUpdated(wardCode: $w, after: $after) { event { id kind } } }`, { w: ward, after: await latestCursor(api) });
    const EVENT = `changeEvent { id kind actor at comment before after }`;
    const commented = await api.graphql(`mutation($id: ID!, $v: Int!) { commentOnTask(id: $id, version: $v, text: "visited on Monday") { version ${EVENT} } }`, { id: task.id, v: 1 });
    const accepted = await api.graphql(`mutation($id: ID!, $v: Int!) { acceptTask(id: $id, version: $v) { ${EVENT} } }`, { id: task.id, v: 2 });
    const noted = await api.graphql(`mutation($id: ID!, $v: Int!) { updateTaskDetails(id: $id, version: $v, details: { notes: "call first" }) { ${EVENT} } }`, { id: task.id, v: 3 });
    const reassigned = await api.graphql(`mutation($id: ID!, $v: Int!) { reassignTask(id: $id, version: $v, agencyCode: "ECONOMY", reason: "better placed") { id ${EVENT} } }`, { id: task.id, v: 4 });
    const events = [commented.data.commentOnTask, accepted.data.acceptTask, noted.data.updateTaskDetails, reassigned.data.reassignTask].map((t: any) => t.changeEvent);
    expect(events.map((e: any) => e.kind)).toEqual(["COMMENTED", "ACCEPTED", "UPDATED", "ROUTED"]);

    const history = (await data(api, `query($id: ID!) { task(id: $id) { changeEvent { id } history { id kind actor at comment before after } } }`, { id: task.id })).task;
    expect(history.changeEvent).toBeNull();
    expect(events.slice(0, 3)).toEqual(history.history.slice(1, 4));
    const successor = (await data(api, `query($id: ID!) { task(id: $id) { history { id kind actor at comment before after } } }`, { id: reassigned.data.reassignTask.id })).task;
    expect(events[3]).toEqual(successor.history[0]);
    // Subscribers receive the same events: the REASSIGNED event of the old task comes between.
    const received = (await take(feed, 5)).map((n: any) => n.taskUpdated.event);
    expect(received.filter((e: any) => e.kind !== "REASSIGNED")).toEqual(events.map(({ id, kind }: any) => ({ id, kind })));
    await feed.close();
  });

  it("refuses an illegal transition with ILLEGAL_TRANSITION and writes nothing", async () => {
    const task = await routedTask();
    const res = await act(`completeTask(id: $id, version: $v, outcome: "done")`, "", { id: task.id, v: 1 });
    expect(res.errors![0].extensions?.code).toBe("ILLEGAL_TRANSITION");
    expect(res.errors![0].message).toMatch(/cannot complete a task that is ROUTED/);
    const after = await taskById(task.id);
    expect(after).toMatchObject({ status: "ROUTED", version: 1, outcome: null });
    expect(after.history).toHaveLength(1);
  });

  it("refuses a stale version with CONFLICT and writes nothing", async () => {
    const task = await routedTask();
    await act(`acceptTask(id: $id, version: $v)`, "", { id: task.id, v: 1 });
    const res = await act(`declineTask(id: $id, version: $v, reason: "not ours")`, "", { id: task.id, v: 1 });
    expect(res.errors![0].extensions).toMatchObject({ code: "CONFLICT", currentVersion: 2 });
    const after = await taskById(task.id);
    expect(after).toMatchObject({ status: "ACCEPTED", version: 2, declineReason: null });
    expect(after.history).toHaveLength(2);
  });

  it("lets exactly one of two agencies acting on the same version win", async () => {
    const task = await routedTask();
    const [a, b] = await Promise.all([
      act(`acceptTask(id: $id, version: $v, assignee: "A")`, "", { id: task.id, v: 1 }),
      act(`declineTask(id: $id, version: $v, reason: "B says no")`, "", { id: task.id, v: 1 }),
    ]);
    const outcomes = [a, b].map((r) => (r.errors ? r.errors[0].extensions?.code : "OK")).sort();
    expect(outcomes).toEqual(["CONFLICT", "OK"]);
    const after = await taskById(task.id);
    expect(after.version).toBe(2);
    expect(after.history).toHaveLength(2);
  });

  it("requires a reason to decline and an outcome to complete", async () => {
    const task = await routedTask();
    const res = await act(`declineTask(id: $id, version: $v, reason: "   ")`, "", { id: task.id, v: 1 });
    expect(res.errors![0]).toMatchObject({ message: "reason must not be empty", extensions: { code: "BAD_USER_INPUT" } });
    expect((await taskById(task.id)).status).toBe("ROUTED");
  });

  it("sends a declined task back to LABOUR, who reassigns it; the new owner is notified", async () => {
    const task = await routedTask("NUTRITION_SUPPORT");
    const labour = subscribe(api, `subscription($after: String) { taskUpdated(agencyCode: "LABOUR", after: $after) { event { kind } task { id status } } }`, {
      after: await latestCursor(api),
    });
    const economy = subscribe(api, `subscription($after: String) { taskRouted(agencyCode: "ECONOMY", after: $after) { task { id status reassignedFrom { id status } household { code } } } }`, {
      after: await latestCursor(api),
    });
    const declined = await act(`declineTask(id: $id, version: $v, reason: "No child in the household is under 16")`, "", { id: task.id, v: 1 });
    expect(declined.data.declineTask).toMatchObject({ status: "DECLINED", declineReason: "No child in the household is under 16" });
    expect((await labour.next()).taskUpdated).toEqual({ event: { kind: "DECLINED" }, task: { id: task.id, status: "DECLINED" } });

    const reassigned = await api.graphql(`mutation($id: ID!) { reassignTask(id: $id, version: 2, agencyCode: "ECONOMY", reason: "Livelihood support instead") { ${TASK_FIELDS} reassignedFrom { id status } } }`, { id: task.id });
    const successor = reassigned.data.reassignTask;
    expect(successor).toMatchObject({ status: "ROUTED", ownerAgency: { code: "ECONOMY" }, version: 1, measure: { code: "NUTRITION_SUPPORT" }, reassignedFrom: { id: task.id, status: "REASSIGNED" } });
    expect((await economy.next()).taskRouted.task).toMatchObject({ id: successor.id, reassignedFrom: { id: task.id } });
    expect(await countTasks(api, { householdId: task.household.id, measureCodes: ["NUTRITION_SUPPORT"], statuses: ["ROUTED", "ACCEPTED", "IN_PROGRESS", "DECLINED"] })).toBe(1);
    await Promise.all([labour.close(), economy.close()]);
  });

  it("lets the secretariat's staff see and re-route a declined task of another agency, and nothing more", async () => {
    const labour = api.as({ sub: "labour-officer", role: Role.AGENCY_STAFF, agency: "LABOUR" });
    const task = await routedTask("INTERNET_ACCESS");
    expect((await labour.graphql(`query($id: ID!) { task(id: $id) { id } }`, { id: task.id })).data.task).toBeNull();
    await act(`declineTask(id: $id, version: $v, reason: "no coverage in this village")`, "", { id: task.id, v: 1 });
    const seen = await labour.graphql(`query($id: ID!) { task(id: $id) { id status household { code } } }`, { id: task.id });
    expect(seen.data.task).toMatchObject({ id: task.id, status: "DECLINED" });
    const moved = await labour.graphql(`mutation($id: ID!) { reassignTask(id: $id, version: 2, agencyCode: "FATHERLAND_FRONT", reason: "mobilised device instead") { ownerAgency { code } } }`, { id: task.id });
    expect(moved.data.reassignTask.ownerAgency.code).toBe("FATHERLAND_FRONT");
    expect((await labour.graphql(`query($id: ID!) { task(id: $id) { id } }`, { id: task.id })).data.task).toBeNull();
    const other = await routedTask("INTERNET_ACCESS");
    const refused = await labour.graphql(`mutation($id: ID!) { cancelTask(id: $id, version: 1, reason: "x") { id } }`, { id: other.id });
    expect(refused.errors![0].extensions?.code).toBe("FORBIDDEN");
  });

  it("refuses reassigning to an unknown agency or to the owner itself", async () => {
    const task = await routedTask("INTERNET_ACCESS");
    expect((await errorOf(api, `mutation($id: ID!) { reassignTask(id: $id, version: 1, agencyCode: "NOBODY", reason: "x") { id } }`, { id: task.id })).message).toMatch(/no agency has code NOBODY/);
    expect((await errorOf(api, `mutation($id: ID!) { reassignTask(id: $id, version: 1, agencyCode: "CULTURE_INFORMATION", reason: "x") { id } }`, { id: task.id })).message).toMatch(/already owned/);
    expect((await taskById(task.id)).status).toBe("ROUTED");
  });

  it("records comments and cancellations", async () => {
    const task = await routedTask("INTERNET_ACCESS");
    const commented = await act(`commentOnTask(id: $id, version: $v, text: "Visited; family asks for a 4G plan")`, "", { id: task.id, v: 1 });
    expect(commented.data.commentOnTask.version).toBe(2);
    const cancelled = await act(`cancelTask(id: $id, version: $v, reason: "Household moved out of the city")`, "", { id: task.id, v: 2 });
    expect(cancelled.data.cancelTask.status).toBe("CANCELLED");
    const history = (await taskById(task.id)).history;
    expect(history.map((e: any) => [e.kind, e.comment])).toEqual([
      ["ROUTED", null],
      ["COMMENTED", "Visited; family asks for a 4G plan"],
      ["CANCELLED", "Household moved out of the city"],
    ]);
    const again = await act(`acceptTask(id: $id, version: $v)`, "", { id: task.id, v: 3 });
    expect(again.errors![0].extensions?.code).toBe("ILLEGAL_TRANSITION");
  });

  it("changes assignee, due date and notes of an open task only", async () => {
    const task = await routedTask("HEALTH_INSURANCE_CARD");
    const UPDATE = `mutation($id: ID!, $v: Int!, $d: TaskDetailsInput!) { updateTaskDetails(id: $id, version: $v, details: $d) { ${TASK_FIELDS} notes } }`;
    const updated = await data(api, UPDATE, { id: task.id, v: 1, d: { assignee: "Phan Văn Long", dueOn: "2024-09-30", notes: "Call before visiting" } });
    expect(updated.updateTaskDetails).toMatchObject({ assignee: "Phan Văn Long", dueOn: "2024-09-30", notes: "Call before visiting", status: "ROUTED", version: 2 });
    const history = (await taskById(task.id)).history;
    expect(history[1]).toMatchObject({ kind: "UPDATED", before: { dueOn: task.dueOn, notes: null }, after: { dueOn: "2024-09-30", notes: "Call before visiting" } });

    for (const dueOn of ["2024-02-30", "2024-13-01", "0000-00-00"]) {
      expect((await errorOf(api, UPDATE, { id: task.id, v: 2, d: { dueOn } })).extensions?.code).toBe("BAD_USER_INPUT");
    }
    await data(api, `mutation($id: ID!) { cancelTask(id: $id, version: 2, reason: "duplicate") { id } }`, { id: task.id });
    expect((await errorOf(api, UPDATE, { id: task.id, v: 3, d: { notes: "too late" } })).extensions?.code).toBe("ILLEGAL_TRANSITION");
  });

  it("answers NOT_FOUND for an unknown task", async () => {
    const res = await act(`startTask(id: $id, version: $v)`, "", { id: "00000000-0000-4000-8000-000000000000", v: 1 });
    expect(res.errors![0].extensions?.code).toBe("NOT_FOUND");
  });

  it("lists tasks by agency, ward and status with stable pages", async () => {
    const total = await countTasks(api, { agencyCodes: ["LABOUR"] });
    const seen = new Set<string>();
    let after: string | null = null;
    do {
      const res: any = await data(api, `query($after: String) { tasks(first: 50, after: $after, filter: { agencyCodes: ["LABOUR"] }) { edges { node { id } } pageInfo { hasNextPage endCursor } } }`, { after });
      for (const e of res.tasks.edges) seen.add(e.node.id);
      after = res.tasks.pageInfo.hasNextPage ? res.tasks.pageInfo.endCursor : null;
    } while (after);
    expect(seen.size).toBe(total);
    expect(total).toBeGreaterThanOrEqual(89 + 178 + 4 + 2);
    const wards = await data(api, `{ wards { id code } }`);
    const nhonBinh = wards.wards.find((w: any) => w.code === "21550").id;
    const inWard = await data(api, `query($w: ID!) { tasks(first: 100, filter: { wardIds: [$w] }) { totalCount edges { node { ward { code } household { code } } } } }`, { w: nhonBinh });
    expect(inWard.tasks.totalCount).toBeGreaterThan(0);
    expect(inWard.tasks.edges.every((e: any) => e.node.ward.code === "21550" && e.node.household.code.startsWith("QN-21550-"))).toBe(true);
  });

  it("filters by ward code as every other filter does, and refuses a malformed one", async () => {
    const wards = await data(api, `{ wards { id code } }`);
    const idOf = (code: string) => wards.wards.find((w: any) => w.code === code).id;
    const TASKS = `query($f: TaskFilter) { tasks(first: 100, filter: $f) { totalCount edges { node { id } } } }`;
    const ids = (res: any) => res.tasks.edges.map((e: any) => e.node.id).sort();
    const byIds = await data(api, TASKS, { f: { wardIds: [idOf("21550"), idOf("21607")] } });
    const byCodes = await data(api, TASKS, { f: { wardCodes: ["21550", "21607"] } });
    expect(byCodes.tasks.totalCount).toBe(byIds.tasks.totalCount);
    expect(ids(byCodes)).toEqual(ids(byIds));
    expect(byIds.tasks.totalCount).toBeGreaterThan(0);
    const bad = await api.graphql(TASKS, { f: { wardCodes: ["2155"] } });
    expect(bad.errors?.[0].extensions).toMatchObject({ code: "BAD_USER_INPUT", argument: "filter.wardCodes" });
  });
});
