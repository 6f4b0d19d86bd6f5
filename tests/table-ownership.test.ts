import { join } from "node:path";
import { HOUSEHOLD_COUNTS } from "../server/modules/analytics/household-profile-counts";
import {
  scanWrites,
  violationsOf,
  writesIn,
  type DynamicWrite,
  type PendingWrite,
} from "./harness/table-writes";
import { startTestPlatform, type TestPlatform } from "./harness/test-platform";

/**
 * One writer per table (issue 19): every table of the database has one owning module, and only
 * that module's code writes it; others call the owner's change functions. Scans server/ and
 * scripts/ for raw SQL and TypeORM writes (tests/harness/table-writes.ts).
 */

const M = (name: string) => `server/modules/${name}/`;

/** Table → the folder (or file) whose code alone may write it. */
const OWNERS: Record<string, string> = {
  ward: M("wards"),
  ward_household_total: M("wards"),
  agency: M("agencies"),
  support_measure: M("support-measures"),
  review: M("reviews"),
  household_review_result: M("reviews"),
  household: M("households"),
  household_member: M("households"),
  plan_target: M("plan-targets"),
  routing_rule: M("routing"),
  routing_rule_version: M("routing"),
  task_assignment: M("tasks"),
  task_event: M("tasks"),
  task_escalation: M("deadlines"),
  personal_data_access: M("access-log"),
  poverty_standard: M("poverty-standards"),
  administrative_change: M("ward-changes"),
  administrative_change_predecessor: M("ward-changes"),
  household_import: M("intake"),
  funding_source: M("funding"),
  funding_budget: M("funding"),
  funding_allocation: M("funding"),
  training_session: M("training"),
  // Triggers (migration HouseholdProfileCounts, HouseholdPlans) append to the counts; analytics folds them.
  household_profile_count: M("analytics"),
  household_ward_count: M("analytics"),
  household_plan_count: M("analytics"),
  household_plan: M("household-plans"),
  household_plan_event: M("household-plans"),
  user_setting: M("user-settings"),
  request_rate: "server/app/rate-limiter.ts",
  // Written by migrations only.
  database_identity: "server/db/",
  migrations: "server/db/",
};

/** Writes whose SQL builds the table's name: the file, the expression, and the tables it can name. */
const DYNAMIC: DynamicWrite[] = [
  {
    file: "server/modules/analytics/household-profile-counts.ts",
    table: "${table}",
    tables: HOUSEHOLD_COUNTS.map((c) => c.table),
  },
];

/**
 * Writes outside their owner that are still to move, each with where it is going. This list only
 * shrinks: an entry that matches no write any more fails the test, so remove it when its move lands.
 */
const PENDING: PendingWrite[] = [];

describe("the table-write scanner", () => {
  const entities = new Map([
    ["Household", "household"],
    ["Ward", "ward"],
    ["TaskEvent", "task_event"],
  ]);
  const tablesIn = (source: string) =>
    writesIn(source, "x.ts", entities).map((w) => `${w.line}:${w.table}`);

  it("finds raw SQL writes, also in template strings over several lines", () => {
    const source = [
      "await tx.query(`",
      "  INSERT INTO",
      "    household_member (household_id)",
      "  SELECT 1`);",
      'const sql = "UPDATE household h SET ward_id = $1";',
      "await tx.query(`WITH gone AS (DELETE FROM ONLY task_event RETURNING *) SELECT 1`);",
      "await tx.query(`COPY funding_budget (source_id) FROM STDIN`);",
      "await tx.query(`TRUNCATE TABLE review`);",
      'await tx.query(`UPDATE "ward" SET valid_until = $1`);',
    ].join("\n");
    expect(tablesIn(source)).toEqual([
      "2:household_member",
      "5:household",
      "6:task_event",
      "7:funding_budget",
      "8:review",
      "9:ward",
    ]);
  });

  it("finds TypeORM writes through a repository, the manager and the query builder", () => {
    const source = [
      "await tx.getRepository(Household).update({ id }, changes);",
      "await tx",
      "  .getRepository(Ward)",
      "  .save(ward);",
      "await tx.save(Ward, wards);",
      "await tx.insert(TaskEvent, { kind });",
      "await this.db.createQueryBuilder().insert().into(Household).values(rows).execute();",
      'await tx.getRepository(Ward).createQueryBuilder("w").delete().where("w.id = :id", { id }).execute();',
      "const repo = tx.getRepository(Household);",
      "await repo.remove(found);",
      "await tx.createQueryBuilder().delete().from(TaskEvent).execute();",
      "await tx.update(Unknown, { id }, {});",
    ].join("\n");
    expect(tablesIn(source)).toEqual([
      "1:household",
      "3:ward",
      "5:ward",
      "6:task_event",
      "7:household",
      "8:ward",
      "10:household",
      "11:task_event",
      "12:?Unknown",
    ]);
  });

  it("leaves reads, upserts' DO UPDATE, comments and other update() calls alone", () => {
    const source = [
      "// UPDATE household SET nothing = 1: a comment",
      "/* INSERT INTO household */",
      'const url = "http://x/*"; // a string holding comment markers',
      "await tx.getRepository(Household).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });",
      'await tx.getRepository(Ward).createQueryBuilder("w").where("w.id = :id", { id }).getOne();',
      "await tx.query(`SELECT * FROM household FOR UPDATE`);",
      'createHash("sha256").update(bytes).digest("hex");',
      "this.cache.delete(key);",
    ].join("\n");
    expect(tablesIn(source)).toEqual([]);
    // The upsert's own INSERT is a write; its DO UPDATE SET names no table.
    expect(
      tablesIn(
        "`INSERT INTO user_setting (user_id) VALUES ($1) ON CONFLICT (user_id) DO UPDATE SET language = EXCLUDED.language`",
      ),
    ).toEqual(["1:user_setting"]);
  });

  it("reports a table name built by the SQL as the expression", () => {
    expect(tablesIn("await tx.query(`DELETE FROM ${table} WHERE true`);")).toEqual(["1:${table}"]);
  });

  it("fails a planted write outside the owner, an unknown table, and a stale pending entry", () => {
    const planted = writesIn(
      "await tx.query(`\n  UPDATE household\n     SET ward_id = $1`);\nawait tx.query(`INSERT INTO mystery (a) VALUES (1)`);",
      "server/modules/intake/planted.ts",
      entities,
    );
    const problems = violationsOf(
      planted,
      { household: M("households") },
      [],
      [{ file: "server/modules/gone.ts", table: "household", why: "" }],
    );
    expect(problems).toEqual([
      "server/modules/intake/planted.ts:2 UPDATE household: writes household, owned by server/modules/households/; call the owner's change function instead",
      'server/modules/intake/planted.ts:4 INSERT INTO mystery: no owner for table "mystery" (an unknown table or entity, or a table name the scanner cannot read)',
      "pending entry server/modules/gone.ts → household matches no write any more: remove it from PENDING",
    ]);
    expect(
      violationsOf(planted.slice(0, 1), { household: "server/modules/intake/" }, [], []),
    ).toEqual([]);
  });
});

describe("one writer per table", () => {
  let api: TestPlatform;
  beforeAll(async () => {
    api = await startTestPlatform();
  });
  afterAll(() => api?.close());

  it("has an owner for every table of the database, and for no other", async () => {
    const rows: { table: string }[] = await api.platform.database.dataSource.query(
      `SELECT table_name AS table FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY 1`,
    );
    expect(Object.keys(OWNERS).sort()).toEqual(rows.map((r) => r.table).sort());
  });

  it("finds every table written only by its owner in server/ and scripts/, but for the pending moves", () => {
    const writes = scanWrites(join(__dirname, ".."), ["server", "scripts"]);
    // The scanner sees the code at all: the owners' own writes are found.
    expect(writes.some((w) => w.table === "household" && w.file.startsWith(M("households")))).toBe(
      true,
    );
    expect(violationsOf(writes, OWNERS, DYNAMIC, PENDING)).toEqual([]);
  });
});
