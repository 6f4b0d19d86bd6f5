import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { ONE_OPEN_TASK_PER_NEED } from "../server/modules/tasks";
import { startTestPlatform, type TestPlatform } from "./harness/test-platform";

const ROOT = join(__dirname, "..");

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

describe("the tables tasks/ owns", () => {
  const sources = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith(".ts") ? [join(dir, e.name)] : []));
  const writes = [
    /\b(INSERT\s+INTO|UPDATE|DELETE\s+FROM|TRUNCATE(\s+TABLE)?)\s+task_(assignment|event)\b/i,
    /getRepository\(\s*(TaskAssignment|TaskEvent)\s*\)\s*\.\s*(insert|update|save|delete|remove|upsert|softDelete|increment|decrement)\b/,
    /\.(insert|update|save|delete|remove|upsert)\(\s*(TaskAssignment|TaskEvent)\b/,
  ];

  it("are written only by server/modules/tasks", () => {
    const outside = [...sources(join(ROOT, "server")), ...sources(join(ROOT, "scripts"))].filter((f) => !relative(ROOT, f).startsWith(join("server", "modules", "tasks")));
    const writers = outside.filter((f) => writes.some((w) => w.test(readFileSync(f, "utf8")))).map((f) => relative(ROOT, f));
    expect(writers).toEqual([]);
  });

  it("would be caught written elsewhere", () => {
    expect(writes.some((w) => w.test("await tx.query(`UPDATE task_assignment SET notes = ''`)"))).toBe(true);
    expect(writes.some((w) => w.test("tx.getRepository(TaskEvent).insert(event)"))).toBe(true);
    expect(writes.some((w) => w.test("tx.createQueryBuilder().update(TaskAssignment)"))).toBe(true);
  });
});
