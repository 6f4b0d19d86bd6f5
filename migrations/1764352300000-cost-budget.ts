import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Each user's minute of requests also counts the estimated cost of what they asked for, so a
 * budget of points holds across instances the way the request count does (app/rate-limiter.ts).
 */
export class CostBudget1764352300000 implements MigrationInterface {
  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE request_rate ADD COLUMN points bigint NOT NULL DEFAULT 0`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE request_rate DROP COLUMN points`);
  }
}
