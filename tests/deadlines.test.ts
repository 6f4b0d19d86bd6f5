import { commentInWard, data, latestCursor, routeCity } from "./harness/api-helpers";
import {
  CancelTaskDocument,
  OverdueTasksDocument,
  TasksPageDocument,
  TaskVersionDocument,
  TaskWithHistoryDocument,
  UpdateTaskDetailsDocument,
} from "./harness/operations.generated";
import { nextWhere, subscribe } from "./harness/subscriptions";
import { serverUrl } from "./harness/test-database";
import { startTestPlatform, type TestPlatform } from "./harness/test-platform";
import { ESCALATION_ACTOR, OverdueEscalationService } from "../server/modules/deadlines";
import { Role } from "../server/shared/auth";
import { todayIso } from "../server/shared/dates";

const onPostgres = serverUrl() ? describe : describe.skip;
const daysAgo = (n: number) => todayIso(new Date(Date.now() - n * 86_400_000));
const LABOUR = { sub: "labour-staff", role: Role.AGENCY_STAFF, agency: "LABOUR" };

let api: TestPlatform;
beforeAll(async () => {
  api = await startTestPlatform();
  await routeCity(api);
});
afterAll(() => api.close());

const FEED = `subscription($ward: String, $agency: String, $after: String) { taskUpdated(wardCode: $ward, agencyCode: $agency, after: $after) {
  event { kind comment } task { id } } }`;
/** An event of FEED: `task` is null when the subscriber may not see the task. */
interface FeedEvent {
  taskUpdated: { event: { kind: string; comment: string | null }; task: { id: string } | null };
}

/** A routed task of the ward owned by another agency than LABOUR, its due date set `days` ago. */
async function lateTask(wardCode: string, days: number, skip = 0) {
  const filter = {
    statuses: ["ROUTED" as const],
    measureCodes: ["INTERNET_ACCESS", "NUTRITION_SUPPORT", "HYGIENIC_LATRINE"],
  };
  const tasks = (await data(api, TasksPageDocument, { filter })).tasks.edges
    .map((e) => e.node)
    .filter((t) => t.ward.code === wardCode);
  const task = tasks[skip];
  await data(api, UpdateTaskDetailsDocument, {
    id: task.id,
    version: task.version,
    details: { dueOn: daysAgo(days) },
  });
  return task.id;
}

const overdueEvents = async (taskId: string) =>
  ((await data(api, TaskWithHistoryDocument, { id: taskId })).task?.history ?? []).filter(
    (e) => e.kind === "OVERDUE",
  );

describe("deadlines and escalation", () => {
  it("tells the task's ward and LABOUR once when a task passes its due date, and lists it as overdue", async () => {
    const after = await latestCursor(api);
    const ward = subscribe<FeedEvent>(
      api,
      FEED,
      { ward: "21598", after },
      { token: api.tokenFor({ sub: "officer", role: Role.WARD_OFFICER, ward: "21598" }) },
    );
    const labour = subscribe<FeedEvent>(
      api,
      FEED,
      { agency: "LABOUR", after },
      { token: api.tokenFor(LABOUR) },
    );
    const taskId = await lateTask("21598", 2);
    await api.platform.scheduler.runOnce();

    // This task's notice: its due date's own change comes first, and with it the household's escape
    // plan falling at risk; other tasks' events committed as the cursor was taken may come before.
    const overdueNotice = async (feed: typeof ward) =>
      (
        await nextWhere(
          feed,
          ({ taskUpdated }) =>
            taskUpdated.task?.id === taskId &&
            !["UPDATED", "PLAN_AT_RISK"].includes(taskUpdated.event.kind),
          10_000,
        )
      ).taskUpdated;
    const heardByWard = await overdueNotice(ward);
    const heardByLabour = await overdueNotice(labour);
    expect(heardByWard).toEqual({
      event: {
        kind: "OVERDUE",
        comment: `overdue by 2 days (due ${daysAgo(2)}): escalation step 1 of 3`,
      },
      task: { id: taskId },
    });
    expect(heardByLabour).toEqual(heardByWard);

    // More runs add nothing: the next thing the ward hears is a comment made after them.
    await api.platform.scheduler.runOnce();
    await api.platform.scheduler.runOnce();
    expect(await overdueEvents(taskId)).toHaveLength(1);
    const marker = await commentInWard(api, "21598", "after the scheduler's runs");
    expect((await ward.next(10_000)).taskUpdated.event).toEqual({
      kind: "COMMENTED",
      comment: marker,
    });
    await Promise.all([ward.close(), labour.close()]);

    const listed = async (who?: Parameters<TestPlatform["as"]>[0]) =>
      (await data(who ? api.as(who) : api, OverdueTasksDocument)).overdueTasks.edges.map(
        (e) => e.node.id,
      );
    expect(await listed()).toContain(taskId);
    expect(await listed(LABOUR)).toContain(taskId);
    expect(await listed({ sub: "o", role: Role.WARD_OFFICER, ward: "21598" })).toContain(taskId);
    expect(await listed({ sub: "o2", role: Role.WARD_OFFICER, ward: "21550" })).not.toContain(
      taskId,
    );
    expect(await listed({ sub: "s", role: Role.AGENCY_STAFF, agency: "ECONOMY" })).not.toContain(
      taskId,
    );
  });

  it("escalates again at the next overdue step only, and never a closed task", async () => {
    const taskId = await lateTask("21598", 10, 1);
    const service = new OverdueEscalationService(api.platform.database.dataSource);
    await service.escalateDue(ESCALATION_ACTOR);
    expect((await overdueEvents(taskId)).map((e) => e.comment)).toEqual([
      `overdue by 10 days (due ${daysAgo(10)}): escalation step 2 of 3`,
    ]);
    expect(await service.escalateDue(ESCALATION_ACTOR, daysAgo(-25))).toBeGreaterThan(0);
    expect((await overdueEvents(taskId)).map((e) => e.comment?.replace(/ \(.*\)/, ""))).toEqual([
      "overdue by 10 days: escalation step 2 of 3",
      "overdue by 35 days: escalation step 3 of 3",
    ]);
    expect(await service.escalateDue(ESCALATION_ACTOR, daysAgo(-25))).toBe(0);

    // A new deadline is escalated anew when it passes.
    const { version } = (await data(api, TaskVersionDocument, { id: taskId })).task!;
    await data(api, UpdateTaskDetailsDocument, {
      id: taskId,
      version,
      details: { dueOn: daysAgo(1) },
    });
    await service.escalateDue(ESCALATION_ACTOR);
    expect((await overdueEvents(taskId)).map((e) => e.comment)).toContain(
      `overdue by 1 day (due ${daysAgo(1)}): escalation step 1 of 3`,
    );

    // Escalated before it is cancelled or not, after it never again.
    const closed = await lateTask("21607", 3);
    const t = (await data(api, TaskVersionDocument, { id: closed })).task!;
    await data(api, CancelTaskDocument, {
      id: closed,
      version: t.version,
      reason: "household moved away",
    });
    const before = (await overdueEvents(closed)).length;
    await service.escalateDue(ESCALATION_ACTOR, daysAgo(-40));
    expect(await overdueEvents(closed)).toHaveLength(before);
  });
});

onPostgres("escalation with two instances", () => {
  it("escalates an overdue task exactly once", async () => {
    const second = await startTestPlatform({}, api);
    try {
      const late = [
        await lateTask("21991", 1),
        await lateTask("21991", 4, 1),
        await lateTask("21604", 4),
      ];
      const escalated = async () =>
        (await Promise.all(late.map(overdueEvents))).map((e) => e.length);
      // Both instances' schedulers at the same moment, and again: once each.
      const bothSchedulers = () =>
        Promise.all([api, second].map((p) => p.platform.scheduler.runOnce()));
      await bothSchedulers();
      expect(await escalated()).toEqual([1, 1, 1]);
      await bothSchedulers();
      expect(await escalated()).toEqual([1, 1, 1]);

      // Both instances escalating the next step at the same moment: still once each.
      const services = [api, second].map(
        (p) => new OverdueEscalationService(p.platform.database.dataSource),
      );
      await Promise.all(services.map((s) => s.escalateDue(ESCALATION_ACTOR, daysAgo(-30))));
      expect(await escalated()).toEqual([2, 2, 2]);
    } finally {
      await second.close();
    }
  });
});
