import { ONE_OPEN_TASK_PER_NEED, TaskAssignment } from "../server/modules/tasks";
import { snapshotOf } from "../server/modules/tasks/task-events";
import { data } from "./harness/api-helpers";
import { startTestPlatform, type TestPlatform } from "./harness/test-platform";

describe("the partial index routing's ON CONFLICT names", () => {
  let api: TestPlatform;
  beforeAll(async () => {
    api = await startTestPlatform();
  });
  afterAll(() => api.close());

  it("is the migration's index, with the predicate the code uses", async () => {
    const ds = api.platform.database.dataSource;
    const [index]: { indexdef: string }[] = await ds.query(
      `SELECT indexdef FROM pg_indexes WHERE tablename = 'task_assignment' AND indexname = $1`,
      [ONE_OPEN_TASK_PER_NEED.index],
    );
    expect(index?.indexdef).toContain(`UNIQUE INDEX ${ONE_OPEN_TASK_PER_NEED.index} `);
    // PostgreSQL stores a predicate in its own spelling: an index made with the code's predicate, and rolled back, shows how it spells that one.
    const probe = ds.createQueryRunner();
    await probe.startTransaction();
    try {
      await probe.query(
        `CREATE UNIQUE INDEX one_open_task_probe ON task_assignment ${ONE_OPEN_TASK_PER_NEED.columns} WHERE ${ONE_OPEN_TASK_PER_NEED.predicate}`,
      );
      const [made]: { indexdef: string }[] = await probe.query(
        `SELECT indexdef FROM pg_indexes WHERE tablename = 'task_assignment' AND indexname = 'one_open_task_probe'`,
      );
      expect(index.indexdef.replace(ONE_OPEN_TASK_PER_NEED.index, "one_open_task_probe")).toBe(
        made.indexdef,
      );
    } finally {
      await probe.rollbackTransaction();
      await probe.release();
    }
  });
});

describe("routing's one statement for tasks and their events", () => {
  let api: TestPlatform;
  beforeAll(async () => {
    api = await startTestPlatform();
  });
  afterAll(() => api.close());

  it("records in each ROUTED event the task as snapshotOf reads it, and answers with the tasks as stored", async () => {
    const routed = await data<{
      routeHouseholds: { createdCount: number; created: { id: string }[] };
    }>(
      api,
      `mutation { routeHouseholds(filter: {}) { createdCount created { id status version needGone dueOn ruleVersion createdAt updatedAt } } }`,
    );
    expect(routed.routeHouseholds.createdCount).toBeGreaterThan(0);
    const ds = api.platform.database.dataSource;
    const tasks = await ds.getRepository(TaskAssignment).find();
    const events: { task_id: string; before: unknown; after: Record<string, unknown> }[] =
      await ds.query(`SELECT task_id, before, after FROM task_event WHERE kind = 'ROUTED'`);
    const eventOf = new Map(events.map((e) => [e.task_id, e]));
    expect(events).toHaveLength(tasks.length);
    for (const task of tasks)
      expect(eventOf.get(task.id)).toEqual({
        task_id: task.id,
        before: null,
        after: snapshotOf(task),
      });
    const byId = new Map(tasks.map((t) => [t.id, t]));
    for (const listed of routed.routeHouseholds.created) {
      const stored = byId.get(listed.id)!;
      expect(listed).toEqual({
        id: stored.id,
        status: stored.status,
        version: stored.version,
        needGone: stored.needGone,
        dueOn: stored.dueOn,
        ruleVersion: stored.ruleVersion,
        createdAt: stored.createdAt.toISOString(),
        updatedAt: stored.updatedAt.toISOString(),
      });
    }
  });
});
