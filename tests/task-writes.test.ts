import { ONE_OPEN_TASK_PER_NEED } from "../server/modules/tasks";
import { startTestPlatform, type TestPlatform } from "./harness/test-platform";

describe("the partial index routing's ON CONFLICT names", () => {
  let api: TestPlatform;
  beforeAll(async () => {
    api = await startTestPlatform();
  });
  afterAll(() => api.close());

  it("is the migration's index, with the predicate the code uses", async () => {
    const ds = api.platform.database.dataSource;
    const [index]: { indexdef: string }[] = await ds.query(`SELECT indexdef FROM pg_indexes WHERE tablename = 'task_assignment' AND indexname = $1`, [ONE_OPEN_TASK_PER_NEED.index]);
    expect(index?.indexdef).toContain(`UNIQUE INDEX ${ONE_OPEN_TASK_PER_NEED.index} `);
    // PostgreSQL stores a predicate in its own spelling: an index made with the code's predicate, and rolled back, shows how it spells that one.
    const probe = ds.createQueryRunner();
    await probe.startTransaction();
    try {
      await probe.query(`CREATE UNIQUE INDEX one_open_task_probe ON task_assignment ${ONE_OPEN_TASK_PER_NEED.columns} WHERE ${ONE_OPEN_TASK_PER_NEED.predicate}`);
      const [made]: { indexdef: string }[] = await probe.query(`SELECT indexdef FROM pg_indexes WHERE tablename = 'task_assignment' AND indexname = 'one_open_task_probe'`);
      expect(index.indexdef.replace(ONE_OPEN_TASK_PER_NEED.index, "one_open_task_probe")).toBe(made.indexdef);
    } finally {
      await probe.rollbackTransaction();
      await probe.release();
    }
  });
});
