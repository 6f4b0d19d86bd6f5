import {
  answerOf,
  countTasks,
  data,
  errorOf,
  latestCursor,
  routeCity,
} from "./harness/api-helpers";
import {
  AcceptTaskDocument,
  CancelTaskDocument,
  CommentOnTaskDocument,
  CompleteTaskDocument,
  DeclineTaskDocument,
  OpenTasksOfMeasuresDocument,
  ReassignTaskDocument,
  StartTaskDocument,
  TaskGlanceDocument,
  TasksPageDocument,
  TaskWithHistoryDocument,
  UpdateTaskDetailsDocument,
  WardCodesDocument,
  type TaskFilter,
  type TasksPageQuery,
} from "./harness/operations.generated";
import { Role } from "../server/shared/auth";
import { nextWhere, subscribe, take } from "./harness/subscriptions";
import { startTestPlatform, type TestPlatform } from "./harness/test-platform";

let api: TestPlatform;
beforeAll(async () => {
  api = await startTestPlatform();
  await routeCity(api);
});
afterAll(() => api.close());

const taskById = async (id: string) => {
  const { task } = await data(api, TaskWithHistoryDocument, { id });
  if (!task?.history) throw new Error(`task ${id} or its history is not visible`);
  return { ...task, history: task.history };
};

/** A fresh ROUTED task of the measure, a different one each call. */
const used = new Set<string>();
async function routedTask(measure = "HEALTH_INSURANCE_CARD") {
  const res = await data(api, OpenTasksOfMeasuresDocument, { measures: [measure], first: 100 });
  const task = res.tasks.edges.map((e) => e.node).find((t) => !used.has(t.id));
  if (!task) throw new Error(`no unused ROUTED task of ${measure}`);
  used.add(task.id);
  return task;
}

describe("task workflow", () => {
  it("goes ROUTED → ACCEPTED → IN_PROGRESS → COMPLETED, recording each change in history", async () => {
    const task = await routedTask();
    const accepted = await data(api, AcceptTaskDocument, {
      id: task.id,
      version: 1,
      assignee: "Lê Thị Hoa",
    });
    expect(accepted.acceptTask).toMatchObject({
      status: "ACCEPTED",
      assignee: "Lê Thị Hoa",
      version: 2,
    });
    const started = await data(api, StartTaskDocument, { id: task.id, version: 2 });
    expect(started.startTask).toMatchObject({ status: "IN_PROGRESS", version: 3 });
    const completed = await data(api, CompleteTaskDocument, {
      id: task.id,
      version: 3,
      outcome: "Cards issued to 2 members",
    });
    expect(completed.completeTask).toMatchObject({
      status: "COMPLETED",
      outcome: "Cards issued to 2 members",
      version: 4,
    });

    const history = (await taskById(task.id)).history;
    expect(history.map((e) => e.kind)).toEqual(["ROUTED", "ACCEPTED", "STARTED", "COMPLETED"]);
    expect(history[1].before).toMatchObject({ status: "ROUTED", assignee: null, version: 1 });
    expect(history[1].after).toMatchObject({
      status: "ACCEPTED",
      assignee: "Lê Thị Hoa",
      version: 2,
    });
    expect(history.every((e) => e.actor && !Number.isNaN(Date.parse(e.at)))).toBe(true);
  });

  it("answers each change with the event it wrote, the one history keeps and subscribers receive", async () => {
    const task = await routedTask();
    const ward = task.ward.code;
    const feed = subscribe<{ taskUpdated: { event: { id: string; kind: string } } }>(
      api,
      `subscription($w: String!, $after: String) { taskUpdated(wardCode: $w, after: $after) { event { id kind } } }`,
      { w: ward, after: await latestCursor(api) },
    );
    const commented = await data(api, CommentOnTaskDocument, {
      id: task.id,
      version: 1,
      text: "visited on Monday",
    });
    const accepted = await data(api, AcceptTaskDocument, { id: task.id, version: 2 });
    const noted = await data(api, UpdateTaskDetailsDocument, {
      id: task.id,
      version: 3,
      details: { notes: "call first" },
    });
    const reassigned = await data(api, ReassignTaskDocument, {
      id: task.id,
      version: 4,
      agency: "ECONOMY",
      reason: "better placed",
    });
    const events = [
      commented.commentOnTask,
      accepted.acceptTask,
      noted.updateTaskDetails,
      reassigned.reassignTask,
    ].map((t) => t.changeEvent!);
    expect(events.map((e) => e.kind)).toEqual(["COMMENTED", "ACCEPTED", "UPDATED", "ROUTED"]);

    const history = await taskById(task.id);
    expect(history.changeEvent).toBeNull();
    expect(events.slice(0, 3)).toEqual(history.history.slice(1, 4));
    const successor = await taskById(reassigned.reassignTask.id);
    expect(events[3]).toEqual(successor.history[0]);
    // Subscribers receive the same events: the REASSIGNED event of the old task comes between.
    const received = (
      await take<{ taskUpdated: { event: { id: string; kind: string } } }>(feed, 5)
    ).map((n) => n.taskUpdated.event);
    expect(received.filter((e) => e.kind !== "REASSIGNED")).toEqual(
      events.map(({ id, kind }) => ({ id, kind })),
    );
    await feed.close();
  });

  it("refuses an illegal transition with ILLEGAL_TRANSITION and writes nothing", async () => {
    const task = await routedTask();
    const res = await answerOf(api, CompleteTaskDocument, {
      id: task.id,
      version: 1,
      outcome: "done",
    });
    expect(res.errors![0].extensions?.code).toBe("ILLEGAL_TRANSITION");
    expect(res.errors![0].message).toBe(
      "cannot complete a task that is Routed; allowed from In progress",
    );
    expect(res.errors![0].extensions?.messageParams).toEqual({
      action: "COMPLETE",
      status: "ROUTED",
      allowed: "IN_PROGRESS",
    });
    const after = await taskById(task.id);
    expect(after).toMatchObject({ status: "ROUTED", version: 1, outcome: null });
    expect(after.history).toHaveLength(1);
  });

  it("refuses a stale version with CONFLICT and writes nothing", async () => {
    const task = await routedTask();
    await data(api, AcceptTaskDocument, { id: task.id, version: 1 });
    const res = await answerOf(api, DeclineTaskDocument, {
      id: task.id,
      version: 1,
      reason: "not ours",
    });
    expect(res.errors![0].extensions).toMatchObject({ code: "CONFLICT", currentVersion: 2 });
    const after = await taskById(task.id);
    expect(after).toMatchObject({ status: "ACCEPTED", version: 2, declineReason: null });
    expect(after.history).toHaveLength(2);
  });

  it("lets exactly one of two agencies acting on the same version win", async () => {
    const task = await routedTask();
    const [a, b] = await Promise.all([
      answerOf(api, AcceptTaskDocument, { id: task.id, version: 1, assignee: "A" }),
      answerOf(api, DeclineTaskDocument, { id: task.id, version: 1, reason: "B says no" }),
    ]);
    const outcomes = [a, b].map((r) => (r.errors ? r.errors[0].extensions?.code : "OK")).sort();
    expect(outcomes).toEqual(["CONFLICT", "OK"]);
    const after = await taskById(task.id);
    expect(after.version).toBe(2);
    expect(after.history).toHaveLength(2);
  });

  it("requires a reason to decline and an outcome to complete", async () => {
    const task = await routedTask();
    const res = await answerOf(api, DeclineTaskDocument, {
      id: task.id,
      version: 1,
      reason: "   ",
    });
    expect(res.errors![0]).toMatchObject({
      message: "reason must not be empty",
      extensions: { code: "BAD_USER_INPUT" },
    });
    expect((await taskById(task.id)).status).toBe("ROUTED");
  });

  it("sends a declined task back to LABOUR, who reassigns it; the new owner is notified", async () => {
    const task = await routedTask("NUTRITION_SUPPORT");
    const labour = subscribe<{
      taskUpdated: { event: { kind: string }; task: { id: string; status: string } | null };
    }>(
      api,
      `subscription($after: String) { taskUpdated(agencyCode: "LABOUR", after: $after) { event { kind } task { id status } } }`,
      {
        after: await latestCursor(api),
      },
    );
    const economy = subscribe<{
      taskRouted: {
        task: {
          id: string;
          status: string;
          reassignedFrom: { id: string; status: string } | null;
          household: { code: string };
        } | null;
      };
    }>(
      api,
      `subscription($after: String) { taskRouted(agencyCode: "ECONOMY", after: $after) { task { id status reassignedFrom { id status } household { code } } } }`,
      {
        after: await latestCursor(api),
      },
    );
    const declined = await data(api, DeclineTaskDocument, {
      id: task.id,
      version: 1,
      reason: "No child in the household is under 16",
    });
    expect(declined.declineTask).toMatchObject({
      status: "DECLINED",
      declineReason: "No child in the household is under 16",
    });
    expect(
      (await nextWhere(labour, (e) => e.taskUpdated.task?.id === task.id)).taskUpdated,
    ).toEqual({
      event: { kind: "DECLINED" },
      task: { id: task.id, status: "DECLINED" },
    });

    const reassigned = await data(api, ReassignTaskDocument, {
      id: task.id,
      version: 2,
      agency: "ECONOMY",
      reason: "Livelihood support instead",
    });
    const successor = reassigned.reassignTask;
    expect(successor).toMatchObject({
      status: "ROUTED",
      ownerAgency: { code: "ECONOMY" },
      version: 1,
      measure: { code: "NUTRITION_SUPPORT" },
      reassignedFrom: { id: task.id, status: "REASSIGNED" },
    });
    expect(
      (await nextWhere(economy, (e) => e.taskRouted.task?.reassignedFrom?.id === task.id))
        .taskRouted.task,
    ).toMatchObject({
      id: successor.id,
      reassignedFrom: { id: task.id },
    });
    expect(
      await countTasks(api, {
        householdId: task.household.id,
        measureCodes: ["NUTRITION_SUPPORT"],
        statuses: ["ROUTED", "ACCEPTED", "IN_PROGRESS", "DECLINED"],
      }),
    ).toBe(1);
    await Promise.all([labour.close(), economy.close()]);
  });

  it("lets the secretariat's staff see and re-route a declined task of another agency, and nothing more", async () => {
    const labour = api.as({ sub: "labour-officer", role: Role.AGENCY_STAFF, agency: "LABOUR" });
    const task = await routedTask("INTERNET_ACCESS");
    expect((await data(labour, TaskGlanceDocument, { id: task.id })).task).toBeNull();
    await data(api, DeclineTaskDocument, {
      id: task.id,
      version: 1,
      reason: "no coverage in this village",
    });
    const seen = await data(labour, TaskGlanceDocument, { id: task.id });
    expect(seen.task).toMatchObject({ id: task.id, status: "DECLINED" });
    const moved = await data(labour, ReassignTaskDocument, {
      id: task.id,
      version: 2,
      agency: "FATHERLAND_FRONT",
      reason: "mobilised device instead",
    });
    expect(moved.reassignTask.ownerAgency.code).toBe("FATHERLAND_FRONT");
    expect((await data(labour, TaskGlanceDocument, { id: task.id })).task).toBeNull();
    const other = await routedTask("INTERNET_ACCESS");
    const refused = await answerOf(labour, CancelTaskDocument, {
      id: other.id,
      version: 1,
      reason: "x",
    });
    expect(refused.errors![0].extensions?.code).toBe("FORBIDDEN");
  });

  it("refuses reassigning to an unknown agency or to the owner itself", async () => {
    const task = await routedTask("INTERNET_ACCESS");
    expect(
      (
        await errorOf(api, ReassignTaskDocument, {
          id: task.id,
          version: 1,
          agency: "NOBODY",
          reason: "x",
        })
      ).message,
    ).toMatch(/no agency has code NOBODY/);
    expect(
      (
        await errorOf(api, ReassignTaskDocument, {
          id: task.id,
          version: 1,
          agency: "CULTURE_INFORMATION",
          reason: "x",
        })
      ).message,
    ).toMatch(/already owned/);
    expect((await taskById(task.id)).status).toBe("ROUTED");
  });

  it("records comments and cancellations", async () => {
    const task = await routedTask("INTERNET_ACCESS");
    const commented = await data(api, CommentOnTaskDocument, {
      id: task.id,
      version: 1,
      text: "Visited; family asks for a 4G plan",
    });
    expect(commented.commentOnTask.version).toBe(2);
    const cancelled = await data(api, CancelTaskDocument, {
      id: task.id,
      version: 2,
      reason: "Household moved out of the city",
    });
    expect(cancelled.cancelTask.status).toBe("CANCELLED");
    const history = (await taskById(task.id)).history;
    expect(history.map((e) => [e.kind, e.comment])).toEqual([
      ["ROUTED", null],
      ["COMMENTED", "Visited; family asks for a 4G plan"],
      ["CANCELLED", "Household moved out of the city"],
    ]);
    const again = await answerOf(api, AcceptTaskDocument, { id: task.id, version: 3 });
    expect(again.errors![0].extensions?.code).toBe("ILLEGAL_TRANSITION");
  });

  it("changes assignee, due date and notes of an open task only", async () => {
    const task = await routedTask("HEALTH_INSURANCE_CARD");
    const updated = await data(api, UpdateTaskDetailsDocument, {
      id: task.id,
      version: 1,
      details: { assignee: "Phan Văn Long", dueOn: "2024-09-30", notes: "Call before visiting" },
    });
    expect(updated.updateTaskDetails).toMatchObject({
      assignee: "Phan Văn Long",
      dueOn: "2024-09-30",
      notes: "Call before visiting",
      status: "ROUTED",
      version: 2,
    });
    const history = (await taskById(task.id)).history;
    expect(history[1]).toMatchObject({
      kind: "UPDATED",
      before: { dueOn: task.dueOn, notes: null },
      after: { dueOn: "2024-09-30", notes: "Call before visiting" },
    });

    for (const dueOn of ["2024-02-30", "2024-13-01", "0000-00-00"]) {
      expect(
        (
          await errorOf(api, UpdateTaskDetailsDocument, {
            id: task.id,
            version: 2,
            details: { dueOn },
          })
        ).extensions?.code,
      ).toBe("BAD_USER_INPUT");
    }
    await data(api, CancelTaskDocument, { id: task.id, version: 2, reason: "duplicate" });
    expect(
      (
        await errorOf(api, UpdateTaskDetailsDocument, {
          id: task.id,
          version: 3,
          details: { notes: "too late" },
        })
      ).extensions?.code,
    ).toBe("ILLEGAL_TRANSITION");
  });

  it("answers NOT_FOUND for an unknown task", async () => {
    const res = await answerOf(api, StartTaskDocument, {
      id: "00000000-0000-4000-8000-000000000000",
      version: 1,
    });
    expect(res.errors![0].extensions?.code).toBe("NOT_FOUND");
  });

  it("lists tasks by agency, ward and status with stable pages", async () => {
    const total = await countTasks(api, { agencyCodes: ["LABOUR"] });
    const seen = new Set<string>();
    let after: string | null = null;
    do {
      const { tasks: page }: TasksPageQuery = await data(api, TasksPageDocument, {
        first: 50,
        after,
        filter: { agencyCodes: ["LABOUR"] },
      });
      for (const e of page.edges) seen.add(e.node.id);
      after = page.pageInfo.hasNextPage ? (page.pageInfo.endCursor ?? null) : null;
    } while (after);
    expect(seen.size).toBe(total);
    expect(total).toBeGreaterThanOrEqual(89 + 178 + 4 + 2);
    const { wards } = await data(api, WardCodesDocument);
    const nhonBinh = wards.find((w) => w.code === "21550")!.id;
    const inWard = await data(api, TasksPageDocument, { filter: { wardIds: [nhonBinh] } });
    expect(inWard.tasks.totalCount).toBeGreaterThan(0);
    expect(
      inWard.tasks.edges.every(
        (e) => e.node.ward.code === "21550" && e.node.household.code.startsWith("QN-21550-"),
      ),
    ).toBe(true);
  });

  it("filters by ward code as every other filter does, and refuses a malformed one", async () => {
    const { wards } = await data(api, WardCodesDocument);
    const idOf = (code: string) => wards.find((w) => w.code === code)!.id;
    const tasks = async (filter: TaskFilter) =>
      (await data(api, TasksPageDocument, { filter })).tasks;
    const ids = (found: Awaited<ReturnType<typeof tasks>>) =>
      found.edges.map((e) => e.node.id).sort();
    const byIds = await tasks({ wardIds: [idOf("21550"), idOf("21607")] });
    const byCodes = await tasks({ wardCodes: ["21550", "21607"] });
    expect(byCodes.totalCount).toBe(byIds.totalCount);
    expect(ids(byCodes)).toEqual(ids(byIds));
    expect(byIds.totalCount).toBeGreaterThan(0);
    const bad = await answerOf(api, TasksPageDocument, { filter: { wardCodes: ["2155"] } });
    expect(bad.errors?.[0].extensions).toMatchObject({
      code: "BAD_USER_INPUT",
      argument: "filter.wardCodes",
    });
  });
});
