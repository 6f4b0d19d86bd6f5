import { QueryFailedError } from "typeorm";
import { openDatabase, type Database } from "../server/db/data-source";
import { entities } from "../server/db/entities";
import { preparedRead } from "../server/db/prepared-read";
import { createLogger } from "../server/shared/logger";
import { freshDatabase, serverUrl, type FreshDatabase } from "./harness/test-database";

let fresh: FreshDatabase;
let db: Database;
beforeAll(async () => {
  fresh = await freshDatabase();
  db = await openDatabase({ ...fresh, poolSize: 1, entities, logger: createLogger("silent") });
});
afterAll(async () => {
  await db.close();
  await fresh.drop();
});

const WARDS = `SELECT code FROM ward WHERE code = ANY($1) ORDER BY code`;

const onPostgres = serverUrl() ? it : it.skip;

describe("reads the hot paths send over and over", () => {
  it("answer as TypeORM does, counted as one statement each", async () => {
    const codes = ["21550", "21553"];
    const counted = await db.statements.run(async () => {
      for (let i = 0; i < 3; i++)
        expect(await preparedRead(db.dataSource, WARDS, [codes])).toEqual(
          await db.dataSource.query(WARDS, [codes]),
        );
      return db.statements.counted();
    });
    expect(counted).toBe(6);
  });

  it("refuse bad SQL as TypeORM does, with the driver's error inside", async () => {
    const failure = preparedRead(db.dataSource, `SELECT nothing FROM ward WHERE code = $1`, ["x"]);
    await expect(failure).rejects.toBeInstanceOf(QueryFailedError);
    await expect(failure).rejects.toMatchObject({ driverError: { code: "42703" } });
  });

  onPostgres(
    "are prepared on a PostgreSQL server from their second use, once per connection",
    async () => {
      const agencies = `SELECT code FROM agency WHERE code = $1`;
      // The pool holds one connection: the catalogue is read where the reads ran.
      const prepared = async () =>
        (
          await db.dataSource.query(`SELECT 1 FROM pg_prepared_statements WHERE statement = $1`, [
            agencies,
          ])
        ).length;
      await preparedRead(db.dataSource, agencies, ["LABOUR"]);
      expect(await prepared()).toBe(0);
      for (let i = 0; i < 3; i++)
        expect(await preparedRead(db.dataSource, agencies, ["LABOUR"])).toEqual([
          { code: "LABOUR" },
        ]);
      expect(await prepared()).toBe(1);
    },
  );
});
