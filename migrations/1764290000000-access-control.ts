import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * The log of every read of households' personal data (who, when, which household, which fields),
 * and per-user request counts per minute for rate limiting shared by all instances.
 */
export class AccessControl1764290000000 implements MigrationInterface {
  name = "AccessControl1764290000000";

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE personal_data_access (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        at timestamptz NOT NULL DEFAULT now(),
        user_id text NOT NULL,
        role text NOT NULL,
        household_id uuid NOT NULL REFERENCES household(id),
        fields text[] NOT NULL,
        operation text
      );
      CREATE INDEX personal_data_access_household ON personal_data_access (household_id, id);
      CREATE INDEX personal_data_access_user ON personal_data_access (user_id, id);

      CREATE TABLE request_rate (
        user_id text NOT NULL,
        window_start timestamptz NOT NULL,
        requests integer NOT NULL,
        PRIMARY KEY (user_id, window_start)
      );
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE request_rate; DROP TABLE personal_data_access;`);
  }
}
