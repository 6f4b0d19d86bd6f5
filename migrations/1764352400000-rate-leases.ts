import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Instances take a user's requests and points from the shared minute in leases and count them in
 * memory (app/rate-limiter.ts). A lease is granted by one statement that also tells the instance
 * how much it got: these columns hold what the row's last statement granted, for its RETURNING.
 */
export class RateLeases1764352400000 implements MigrationInterface {
  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE request_rate ADD COLUMN granted_requests integer NOT NULL DEFAULT 0, ADD COLUMN granted_points bigint NOT NULL DEFAULT 0`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE request_rate DROP COLUMN granted_requests, DROP COLUMN granted_points`,
    );
  }
}
