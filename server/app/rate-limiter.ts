import type { DataSource } from "typeorm";
import { DomainError } from "../shared/errors";
import type { MessageParams } from "../shared/i18n";
import type { RateLimitState } from "../shared/request-context";

interface Waiter {
  cost: number;
  resolve: (state: RateLimitState) => void;
  reject: (error: unknown) => void;
}

const WINDOW_SECONDS = 60;

/**
 * Per-user limits counted in PostgreSQL, so every instance behind a load balancer counts against
 * the same budget: requests per minute, and points per minute (each operation's estimated cost,
 * app/query-safety.ts), like GitHub's GraphQL API. A user's requests arriving together on one
 * instance are counted by one statement (it adds them all, counts the current minute and drops the
 * user's earlier minutes): every request is still counted before it runs, and a burst of one user
 * costs one row lock, not one per request. Budgets are per user: one user spending theirs takes
 * nothing from another's.
 */
export class RateLimiter {
  private readonly pending = new Map<string, Waiter[]>();

  constructor(
    private readonly db: DataSource,
    private readonly perMinute: number,
    private readonly pointsPerMinute: number,
  ) {}

  /**
   * Counts a request costing `cost` points and returns the user's budget after it. Throws
   * RATE_LIMITED (with `retryAfterSeconds` and `resetAt` in its details) once the user exceeds the
   * requests per minute, or when the points would exceed the budget; refused points are not spent.
   */
  charge(userId: string, cost: number): Promise<RateLimitState> {
    return new Promise<RateLimitState>((resolve, reject) => {
      const batch = this.pending.get(userId);
      if (batch) return void batch.push({ cost, resolve, reject });
      this.pending.set(userId, [{ cost, resolve, reject }]);
      setImmediate(() => void this.flush(userId));
    });
  }

  private async flush(userId: string): Promise<void> {
    const batch = this.pending.get(userId)!;
    this.pending.delete(userId);
    const batchPoints = batch.reduce((sum, w) => sum + w.cost, 0);
    try {
      const [row]: { requests: number; points: number; window_start: number }[] = await this.db.query(
        `WITH earlier AS (DELETE FROM request_rate WHERE user_id = $1 AND window_start < date_trunc('minute', now()))
         INSERT INTO request_rate (user_id, window_start, requests, points) VALUES ($1, date_trunc('minute', now()), $2, $3)
         ON CONFLICT (user_id, window_start) DO UPDATE SET requests = request_rate.requests + EXCLUDED.requests, points = request_rate.points + EXCLUDED.points
         RETURNING requests, points::float8 AS points, extract(epoch FROM window_start)::float8 AS window_start`,
        [userId, batch.length, batchPoints],
      );
      const resetAt = new Date((row.window_start + WINDOW_SECONDS) * 1000);
      // The batch took the last places of the totals, in arrival order; a request whose points do
      // not fit is refused and its points given back, so the ones after it may still fit.
      let spent = row.points - batchPoints;
      let refunded = 0;
      batch.forEach((w, i) => {
        const state = (used: number): RateLimitState => ({ cost: w.cost, limit: this.pointsPerMinute, remaining: Math.max(0, this.pointsPerMinute - used), used, resetAt });
        if (row.requests - batch.length + 1 + i > this.perMinute) {
          refunded += w.cost;
          return w.reject(rateLimited("error.rateLimited.requests", { perMinute: this.perMinute }, state(spent)));
        }
        if (spent + w.cost > this.pointsPerMinute) {
          refunded += w.cost;
          return w.reject(rateLimited("error.rateLimited.cost", { cost: w.cost, left: Math.max(0, this.pointsPerMinute - spent), perMinute: this.pointsPerMinute }, state(spent)));
        }
        spent += w.cost;
        w.resolve(state(spent));
      });
      if (refunded > 0) {
        await this.db.query(`UPDATE request_rate SET points = points - $3 WHERE user_id = $1 AND extract(epoch FROM window_start) = $2`, [userId, row.window_start, refunded]);
      }
    } catch (error) {
      for (const w of batch) w.reject(error);
    }
  }
}

/** RATE_LIMITED, saying when to retry (`retryAfterSeconds` becomes the HTTP answer's Retry-After). */
function rateLimited(messageKey: string, params: MessageParams, state: RateLimitState): DomainError {
  const retryAfterSeconds = Math.max(1, Math.ceil((state.resetAt.getTime() - Date.now()) / 1000));
  const resetAt = state.resetAt.toISOString();
  return new DomainError("RATE_LIMITED", messageKey, { ...params, resetAt }, { retryAfterSeconds, resetAt, limit: state.limit, remaining: state.remaining });
}
