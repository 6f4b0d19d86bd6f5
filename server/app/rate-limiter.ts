import type { DataSource } from "typeorm";
import { DomainError } from "../shared/errors";

interface PendingHits {
  count: number;
  waiters: { resolve: (requests: number) => void; reject: (error: unknown) => void }[];
}

/**
 * Per-user request limits counted in PostgreSQL, so every instance behind a load balancer counts
 * against the same budget. A user's requests arriving together on one instance are counted by one
 * statement (it adds them all, counts the current minute and drops the user's earlier minutes):
 * every request is still counted before it runs, and a burst of one user costs one row lock, not
 * one per request.
 */
export class RateLimiter {
  private readonly pending = new Map<string, PendingHits>();

  constructor(
    private readonly db: DataSource,
    private readonly perMinute: number,
  ) {}

  /** Counts a request; throws RATE_LIMITED once the user exceeds the per-minute budget. */
  async hit(userId: string): Promise<void> {
    const requests = await new Promise<number>((resolve, reject) => {
      const batch = this.pending.get(userId);
      if (batch) {
        batch.count += 1;
        batch.waiters.push({ resolve, reject });
        return;
      }
      this.pending.set(userId, { count: 1, waiters: [{ resolve, reject }] });
      setImmediate(() => void this.flush(userId));
    });
    if (requests > this.perMinute) {
      throw new DomainError("RATE_LIMITED", `more than ${this.perMinute} requests in a minute; wait for the next minute`);
    }
  }

  private async flush(userId: string): Promise<void> {
    const batch = this.pending.get(userId)!;
    this.pending.delete(userId);
    try {
      const [{ requests }]: { requests: number }[] = await this.db.query(
        `WITH earlier AS (DELETE FROM request_rate WHERE user_id = $1 AND window_start < date_trunc('minute', now()))
         INSERT INTO request_rate (user_id, window_start, requests) VALUES ($1, date_trunc('minute', now()), $2)
         ON CONFLICT (user_id, window_start) DO UPDATE SET requests = request_rate.requests + EXCLUDED.requests
         RETURNING requests`,
        [userId, batch.count],
      );
      // The batch's requests took the last `count` places of the total, in arrival order.
      batch.waiters.forEach((w, i) => w.resolve(requests - batch.count + 1 + i));
    } catch (error) {
      for (const w of batch.waiters) w.reject(error);
    }
  }
}
