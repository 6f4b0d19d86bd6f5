import { rmSync } from "node:fs";
import { dirname } from "node:path";
import { onServer, serverUrl, templateDataDir } from "./test-database";

/** Removes this run's template and any copy a crashed test file left behind. */
export default async function globalTeardown(): Promise<void> {
  const url = serverUrl();
  if (url) {
    await onServer(url, async (c) => {
      const { rows } = await c.query<{ datname: string }>(
        `SELECT datname FROM pg_database WHERE datname LIKE $1`,
        [`qn_test_${process.env.QN_TEST_RUN_ID}_%`],
      );
      for (const { datname } of rows)
        await c.query(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`);
    });
    return;
  }
  rmSync(dirname(templateDataDir()), { recursive: true, force: true });
}
