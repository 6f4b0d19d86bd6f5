import { startPlatform } from "../server/app/platform";
import { loadConfig, type PlatformConfig } from "../server/config/config";
import { Role, signToken } from "../server/shared/auth";
import { freshDatabase } from "./harness/test-database";

const householdCount = async (url: string, config: PlatformConfig) => {
  const token = await signToken(config.auth, { sub: "storage-test", role: Role.ADMIN });
  const res = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
    body: JSON.stringify({ query: "{ households { totalCount } wards { id } }" }),
  });
  const body = (await res.json()) as {
    data: { households: { totalCount: number }; wards: { id: string }[] };
  };
  return { households: body.data.households.totalCount, wards: body.data.wards.length };
};

describe("storage", () => {
  it("keeps its data across a restart, runs migrations again harmlessly and does not load the plan twice", async () => {
    const db = await freshDatabase();
    const config = loadConfig({
      NODE_ENV: "test",
      LOG_LEVEL: "warn",
      PORT: "0",
      JWT_SECRET: process.env.QN_TEST_JWT_SECRET,
      PGLITE_DATA_DIR: db.pgliteDataDir,
      ...(db.databaseUrl ? { DATABASE_URL: db.databaseUrl } : {}),
    });
    try {
      const first = await startPlatform(config);
      expect(await householdCount(first.url, config)).toEqual({ households: 199, wards: 21 });
      await first.close();

      const second = await startPlatform(config);
      expect(await householdCount(second.url, config)).toEqual({ households: 199, wards: 21 });
      const applied = await second.database.dataSource.query(`SELECT name FROM migrations`);
      expect(applied.map((m: { name: string }) => m.name)).toContain("Foundation1764270000000");
      await second.close();
    } finally {
      await db.drop();
    }
  });

  it("has every migration's down step undo its up step", async () => {
    const db = await freshDatabase();
    const config = loadConfig({
      NODE_ENV: "test",
      LOG_LEVEL: "warn",
      PORT: "0",
      SEED_DEMO_DATA: "false",
      JWT_SECRET: process.env.QN_TEST_JWT_SECRET,
      PGLITE_DATA_DIR: db.pgliteDataDir,
      ...(db.databaseUrl ? { DATABASE_URL: db.databaseUrl } : {}),
    });
    const platform = await startPlatform(config);
    try {
      const ds = platform.database.dataSource;
      const tables = async (types = ["BASE TABLE", "VIEW"]) =>
        (
          await ds.query(
            `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name <> 'migrations' AND table_type = ANY($1) ORDER BY 1`,
            [types],
          )
        ).map((r: { table_name: string }) => r.table_name);
      expect(await tables()).toContain("household");
      await ds.query(`TRUNCATE ${(await tables(["BASE TABLE"])).join(", ")}`);
      while ((await ds.query(`SELECT count(*)::int AS n FROM migrations`))[0].n > 0)
        await ds.undoLastMigration();
      expect(await tables()).toEqual([]);
      await ds.runMigrations();
      expect(await tables()).toContain("household");
    } finally {
      await platform.close();
      await db.drop();
    }
  });
});
