import type { DataSource } from "typeorm";
import type { Actor } from "../shared/actor";
import { DomainError } from "../shared/errors";
import type { MessageParams } from "../shared/i18n";
import type { RateLimitState } from "../shared/request-context";

interface Waiter {
  cost: number;
  resolve: (state: RateLimitState) => void;
  reject: (error: unknown) => void;
}

/** What this instance knows of a user's minute in the shared row, and holds of it. */
interface Lease {
  /** The minute (epoch seconds of the row's window_start). */
  window: number;
  /** The row's totals when this instance last wrote it: spent everywhere, and leased everywhere (this instance's lease included). */
  requests: number;
  points: number;
  /** What this instance took from the row and has not spent yet. */
  leasedRequests: number;
  leasedPoints: number;
  /** When this instance last charged the user (ms). */
  lastCharged: number;
}

const WINDOW_SECONDS = 60;
/**
 * A user already active on this instance takes this many requests' worth ahead (at most an eighth
 * of a limit), to spend without a statement: one statement per that many requests, and a crash
 * strands no more than that until the minute ends.
 */
const LEASE_REQUESTS = 32;
const LEASE_MAX_SHARE = 8;
/** How often the instance looks for leases to give back to the shared row, so other instances may spend them. */
const RECONCILE_MS = 1000;
/** A lease goes back once its user has been idle on this instance this long; an active user's stays, spent without statements. */
const IDLE_MS = 3000;

/**
 * Per-user limits counted in PostgreSQL, so every instance behind a load balancer counts against
 * the same budget: requests per minute, and points per minute (each operation's estimated cost,
 * app/query-safety.ts), like GitHub's GraphQL API.
 *
 * The shared row counts what is spent and what instances hold ahead (leases): an instance counts a
 * user's requests in memory against its lease and writes the row only when the lease runs short,
 * so the sum of every instance's spending never passes the limits, and a crash loses only the
 * unspent lease (held until the minute ends: the limits err on the strict side). A user's first
 * request on an instance in a minute takes exactly its cost, so what another instance reports is
 * exact for a user who moved; from the second on the instance takes some requests' worth ahead,
 * and gives back what is unspent once the user has been idle here for a few seconds — until then
 * another instance sees it as spent.
 * Requests of one user arriving together are counted by one statement. Budgets are per user: one
 * user spending theirs takes nothing from another's.
 */
export class RateLimiter {
  private readonly pending = new Map<string, Waiter[]>();
  private readonly leases = new Map<string, Lease>();
  private readonly reconciler: NodeJS.Timeout;

  constructor(
    private readonly db: DataSource,
    private readonly perMinute: number,
    private readonly pointsPerMinute: number,
  ) {
    this.reconciler = setInterval(
      () => void this.giveBack(Date.now() - IDLE_MS).catch(() => undefined),
      RECONCILE_MS,
    ).unref();
  }

  /**
   * Counts a request of `actor` costing `cost` points and returns their budget after it (a budget is
   * per actor name: a user's id, a job's name). Throws
   * RATE_LIMITED (with `retryAfterSeconds` and `resetAt` in its details) once the user exceeds the
   * requests per minute, or when the points would exceed the budget; refused points are not spent.
   */
  charge(actor: Actor, cost: number): Promise<RateLimitState> {
    const userId = actor.name;
    const lease = this.leases.get(userId);
    if (
      lease &&
      !this.pending.has(userId) &&
      isCurrent(lease) &&
      lease.leasedRequests >= 1 &&
      lease.leasedPoints >= cost
    ) {
      lease.leasedRequests -= 1;
      lease.leasedPoints -= cost;
      lease.lastCharged = Date.now();
      return Promise.resolve(this.stateOf(lease, cost));
    }
    return new Promise<RateLimitState>((resolve, reject) => {
      const batch = this.pending.get(userId);
      if (batch) return void batch.push({ cost, resolve, reject });
      this.pending.set(userId, [{ cost, resolve, reject }]);
      setImmediate(() => void this.flush(userId));
    });
  }

  /** Stops reconciling and gives back every unspent lease (on shutdown). */
  async close(): Promise<void> {
    clearInterval(this.reconciler);
    await this.giveBack(Infinity);
  }

  private async flush(userId: string): Promise<void> {
    const batch = this.pending.get(userId)!;
    this.pending.delete(userId);
    const batchPoints = batch.reduce((sum, w) => sum + w.cost, 0);
    const known = this.leases.get(userId);
    const active = known !== undefined && isCurrent(known);
    // The statement gives back what this instance still holds and takes what the batch needs (and,
    // for a user already active here, a share ahead), as far as the row's limits allow.
    const given = active
      ? { requests: known.leasedRequests, points: known.leasedPoints, window: known.window }
      : { requests: 0, points: 0, window: 0 };
    if (active) Object.assign(known, { leasedRequests: 0, leasedPoints: 0 });
    const ahead = active
      ? {
          requests: Math.min(LEASE_REQUESTS, Math.ceil(this.perMinute / LEASE_MAX_SHARE)),
          points: Math.min(
            Math.ceil((batchPoints / batch.length) * LEASE_REQUESTS),
            Math.ceil(this.pointsPerMinute / LEASE_MAX_SHARE),
          ),
        }
      : { requests: 0, points: 0 };
    try {
      const [row]: {
        requests: number;
        points: number;
        granted_requests: number;
        granted_points: number;
        window_start: number;
      }[] = await this.db.query(
        `WITH earlier AS (DELETE FROM request_rate WHERE user_id = $1 AND window_start < date_trunc('minute', now()))
         INSERT INTO request_rate AS r (user_id, window_start, requests, points, granted_requests, granted_points)
         VALUES ($1, date_trunc('minute', now()), LEAST($2::int, $4::int), LEAST($3::bigint, $5::bigint), LEAST($2::int, $4::int), LEAST($3::bigint, $5::bigint))
         ON CONFLICT (user_id, window_start) DO UPDATE SET
           granted_requests = LEAST($2::int, GREATEST(0, $4::int - (r.requests - CASE WHEN r.window_start = to_timestamp($8) THEN $6::int ELSE 0 END))),
           granted_points = LEAST($3::bigint, GREATEST(0, $5::bigint - (r.points - CASE WHEN r.window_start = to_timestamp($8) THEN $7::bigint ELSE 0 END))),
           requests = r.requests - CASE WHEN r.window_start = to_timestamp($8) THEN $6::int ELSE 0 END
             + LEAST($2::int, GREATEST(0, $4::int - (r.requests - CASE WHEN r.window_start = to_timestamp($8) THEN $6::int ELSE 0 END))),
           points = r.points - CASE WHEN r.window_start = to_timestamp($8) THEN $7::bigint ELSE 0 END
             + LEAST($3::bigint, GREATEST(0, $5::bigint - (r.points - CASE WHEN r.window_start = to_timestamp($8) THEN $7::bigint ELSE 0 END)))
         RETURNING requests, points::float8 AS points, granted_requests, granted_points::float8 AS granted_points, extract(epoch FROM window_start)::float8 AS window_start`,
        [
          userId,
          batch.length + ahead.requests,
          batchPoints + ahead.points,
          this.perMinute,
          this.pointsPerMinute,
          given.requests,
          given.points,
          given.window,
        ],
      );
      const current = this.leases.get(userId);
      const lease: Lease =
        current && current.window === row.window_start
          ? current
          : {
              window: row.window_start,
              requests: 0,
              points: 0,
              leasedRequests: 0,
              leasedPoints: 0,
              lastCharged: 0,
            };
      Object.assign(lease, {
        requests: row.requests,
        points: row.points,
        leasedRequests: lease.leasedRequests + row.granted_requests,
        leasedPoints: lease.leasedPoints + row.granted_points,
        lastCharged: Date.now(),
      });
      this.leases.set(userId, lease);
      // The batch spends what was granted in arrival order; a request that does not fit is refused
      // and spends nothing, so the ones after it may still fit. What is left stays leased.
      for (const w of batch) {
        if (lease.leasedRequests < 1) {
          w.reject(
            rateLimited(
              "error.rateLimited.requests",
              { perMinute: this.perMinute },
              this.stateOf(lease, w.cost),
            ),
          );
        } else if (lease.leasedPoints < w.cost) {
          const state = this.stateOf(lease, w.cost);
          w.reject(
            rateLimited(
              "error.rateLimited.cost",
              { cost: w.cost, left: state.remaining, perMinute: this.pointsPerMinute },
              state,
            ),
          );
        } else {
          lease.leasedRequests -= 1;
          lease.leasedPoints -= w.cost;
          w.resolve(this.stateOf(lease, w.cost));
        }
      }
    } catch (error) {
      for (const w of batch) w.reject(error);
    }
  }

  /** The user's budget as this instance sees it: spent is what the row counts, less what this instance holds unspent. */
  private stateOf(lease: Lease, cost: number): RateLimitState {
    const used = lease.points - lease.leasedPoints;
    return {
      cost,
      limit: this.pointsPerMinute,
      used,
      remaining: Math.max(0, this.pointsPerMinute - used),
      resetAt: new Date((lease.window + WINDOW_SECONDS) * 1000),
    };
  }

  /**
   * Gives the unspent leases of the current minute whose users were last charged here before
   * `idleSince` (ms; Infinity: all) back to the shared row, in one statement, and forgets leases of past minutes (their rows are
   * gone). A lease whose return fails stays counted in the row until its minute ends: the limits
   * err on the strict side.
   */
  private async giveBack(idleSince: number): Promise<void> {
    const returned: { user_id: string; window_start: number; requests: number; points: number }[] =
      [];
    for (const [userId, lease] of this.leases) {
      if (!isCurrent(lease)) {
        if (!this.pending.has(userId)) this.leases.delete(userId);
        continue;
      }
      if (
        (lease.leasedRequests === 0 && lease.leasedPoints === 0) ||
        lease.lastCharged >= idleSince
      )
        continue;
      returned.push({
        user_id: userId,
        window_start: lease.window,
        requests: lease.leasedRequests,
        points: lease.leasedPoints,
      });
      Object.assign(lease, {
        requests: lease.requests - lease.leasedRequests,
        points: lease.points - lease.leasedPoints,
        leasedRequests: 0,
        leasedPoints: 0,
      });
    }
    if (returned.length === 0) return;
    await this.db.query(
      `UPDATE request_rate r SET requests = r.requests - x.requests, points = r.points - x.points
         FROM jsonb_to_recordset($1::jsonb) AS x(user_id text, window_start float8, requests int, points bigint)
        WHERE r.user_id = x.user_id AND r.window_start = to_timestamp(x.window_start)`,
      [JSON.stringify(returned)],
    );
  }
}

const isCurrent = (lease: Lease) => Date.now() < (lease.window + WINDOW_SECONDS) * 1000;

/** RATE_LIMITED, saying when to retry (`retryAfterSeconds` becomes the HTTP answer's Retry-After). */
function rateLimited(
  messageKey: string,
  params: MessageParams,
  state: RateLimitState,
): DomainError {
  const retryAfterSeconds = Math.max(1, Math.ceil((state.resetAt.getTime() - Date.now()) / 1000));
  const resetAt = state.resetAt.toISOString();
  return new DomainError(
    "RATE_LIMITED",
    messageKey,
    { ...params, resetAt },
    { retryAfterSeconds, resetAt, limit: state.limit, remaining: state.remaining },
  );
}
