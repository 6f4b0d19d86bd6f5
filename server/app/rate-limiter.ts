import type { DataSource } from "typeorm";
import { DomainError } from "../shared/errors";

/**
 * Per-user request limits counted in PostgreSQL, so every instance behind a load balancer counts
 * against the same budget. One statement per request: it counts the current minute and drops the
 * user's earlier minutes.
 */
export class RateLimiter {
  constructor(
    private readonly db: DataSource,
    private readonly perMinute: number,
  ) {}

  /** Counts a request; throws RATE_LIMITED once the user exceeds the per-minute budget. */
  async hit(userId: string): Promise<void> {
    const [{ requests }]: { requests: number }[] = await this.db.query(
      `WITH earlier AS (DELETE FROM request_rate WHERE user_id = $1 AND window_start < date_trunc('minute', now()))
       INSERT INTO request_rate (user_id, window_start, requests) VALUES ($1, date_trunc('minute', now()), 1)
       ON CONFLICT (user_id, window_start) DO UPDATE SET requests = request_rate.requests + 1
       RETURNING requests`,
      [userId],
    );
    if (requests > this.perMinute) {
      throw new DomainError("RATE_LIMITED", `more than ${this.perMinute} requests in a minute; wait for the next minute`);
    }
  }
}
