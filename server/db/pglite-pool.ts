import { EventEmitter } from "node:events";
import type { PGlite } from "@electric-sql/pglite";

type QueryCallback = (error: Error | null, result?: PgLikeResult) => void;
type ConnectCallback = (
  error: Error | null,
  client?: PGliteLeasedClient,
  release?: (err?: unknown) => void,
) => void;

export interface PgLikeResult {
  rows: unknown[];
  rowCount: number;
  command: string;
  fields: { name: string; dataTypeID: number }[];
}

/**
 * A `pg`-compatible pool over one PGlite instance, for TypeORM's postgres driver.
 *
 * PGlite has a single session, so every lease is exclusive: a second `connect()` waits until
 * the first client is released. Without that, BEGIN/COMMIT of concurrent TypeORM transactions
 * interleave on the shared session and committed work can vanish (see STACK-NOTES.md, gotcha 1).
 * Consequence for callers: inside a transaction, use the transaction's EntityManager only; reaching
 * for the DataSource there would wait for the session the transaction itself holds.
 */
export class PGliteExclusivePool extends EventEmitter {
  private readonly waiting: (() => void)[] = [];
  private leased = false;

  constructor(private readonly db: PGlite) {
    super();
  }

  connect(callback: ConnectCallback): void {
    this.acquire().then(() => {
      const client = new PGliteLeasedClient(this.db);
      let released = false;
      callback(null, client, () => {
        if (released) return;
        released = true;
        client.retire();
        this.releaseLease();
      });
    });
  }

  /** Pool-level query: leases the session for one statement. */
  async query(sql: string, params?: unknown[]): Promise<PgLikeResult> {
    await this.acquire();
    try {
      return await runOnPGlite(this.db, sql, params);
    } finally {
      this.releaseLease();
    }
  }

  /** The PGlite instance outlives the pool; its owner closes it. */
  end(callback?: (err: Error | null) => void): void {
    callback?.(null);
  }

  private acquire(): Promise<void> {
    if (!this.leased) {
      this.leased = true;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private releaseLease(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.leased = false;
  }
}

/** The client handed out by one lease; unusable once released, so it can never interleave. */
export class PGliteLeasedClient extends EventEmitter {
  private retired = false;

  constructor(private readonly db: PGlite) {
    super();
  }

  query(
    sql: string,
    paramsOrCallback?: unknown[] | QueryCallback,
    callback?: QueryCallback,
  ): Promise<PgLikeResult> {
    const params = Array.isArray(paramsOrCallback) ? paramsOrCallback : undefined;
    const cb = typeof paramsOrCallback === "function" ? paramsOrCallback : callback;
    const run = this.retired
      ? Promise.reject(new Error("PGlite client used after it was released"))
      : runOnPGlite(this.db, sql, params);
    if (cb)
      run.then(
        (r) => cb(null, r),
        (e) => cb(e),
      );
    return run;
  }

  retire(): void {
    this.retired = true;
  }
}

async function runOnPGlite(db: PGlite, sql: string, params?: unknown[]): Promise<PgLikeResult> {
  if (params && params.length > 0) {
    const r = await db.query(sql, params);
    return {
      rows: r.rows,
      rowCount: r.affectedRows ?? r.rows.length,
      command: commandOf(sql),
      fields: r.fields,
    };
  }
  // exec runs multi-statement migration scripts; like pg, answer with the last statement's result.
  const results = await db.exec(sql);
  const last = results[results.length - 1];
  return {
    rows: last?.rows ?? [],
    rowCount: last?.affectedRows ?? last?.rows.length ?? 0,
    command: commandOf(sql),
    fields: last?.fields ?? [],
  };
}

function commandOf(sql: string): string {
  return /^\s*(\w+)/.exec(sql)?.[1]?.toUpperCase() ?? "";
}
