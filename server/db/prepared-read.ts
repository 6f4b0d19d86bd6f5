import { createHash } from "node:crypto";
import pg from "pg";
import { QueryFailedError, type DataSource } from "typeorm";

/**
 * Statement texts this process runs prepared: at most this many, the first ones it sees used
 * repeatedly; each connection keeps the plans of those it ran until it closes.
 */
const MAX_PREPARED = 200;
const seen = new Map<string, number>();
const prepared = new Set<string>();

/**
 * Runs a read the hot paths send over and over: on a PostgreSQL server, as a named prepared
 * statement (parsed and planned once per connection, not on every request), counted and logged as
 * TypeORM counts its own; on PGlite, through TypeORM.
 */
export async function preparedRead<T>(
  db: DataSource,
  sql: string,
  params: unknown[],
): Promise<T[]> {
  const pool = (db.driver as unknown as { master?: unknown }).master;
  const name = pool instanceof pg.Pool && statementName(sql);
  if (!name) return db.query(sql, params);
  db.logger.logQuery(sql, params);
  try {
    const result = await pool.query({ name, text: sql, values: params });
    return result.rows as T[];
  } catch (error) {
    db.logger.logQueryError(error as Error, sql, params);
    throw new QueryFailedError(sql, params, error as Error);
  }
}

function statementName(sql: string): string | null {
  const name = `qn_${createHash("sha1").update(sql).digest("hex").slice(0, 20)}`;
  if (prepared.has(name)) return name;
  const times = (seen.get(name) ?? 0) + 1;
  if (times < 2 || prepared.size >= MAX_PREPARED) {
    if (seen.size < 10_000) seen.set(name, times);
    return null;
  }
  prepared.add(name);
  return name;
}
