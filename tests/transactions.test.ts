import { startTestPlatform, type TestPlatform } from "./harness/test-platform";

let api: TestPlatform;
beforeAll(async () => {
  api = await startTestPlatform();
});
afterAll(() => api.close());

// Guards STACK-NOTES gotcha 1: on PGlite, concurrent transactions share one session; if leases
// were not exclusive, one ROLLBACK would discard the other transactions' committed rows.
describe("concurrent transactions", () => {
  it("keep every committed row when one of twenty rolls back", async () => {
    const db = api.platform.database.dataSource;
    await db.query(`CREATE TABLE concurrency_probe (n integer PRIMARY KEY)`);
    const outcomes = await Promise.allSettled(
      Array.from({ length: 20 }, (_, n) =>
        db.transaction(async (tx) => {
          await tx.query(`INSERT INTO concurrency_probe (n) VALUES ($1)`, [n]);
          await new Promise((resolve) => setImmediate(resolve));
          await tx.query(`SELECT pg_sleep(0.001)`);
          if (n === 7) throw new Error("forced rollback");
          await tx.query(`INSERT INTO concurrency_probe (n) VALUES ($1)`, [100 + n]);
        }),
      ),
    );
    expect(outcomes.filter((o) => o.status === "rejected")).toHaveLength(1);
    const rows: { n: number }[] = await db.query(`SELECT n FROM concurrency_probe ORDER BY n`);
    const kept = rows.map((r) => r.n);
    expect(kept).toHaveLength(38);
    expect(kept).not.toContain(7);
    expect(kept).not.toContain(107);
  });
});
