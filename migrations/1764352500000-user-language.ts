import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * The language each person chose to read the platform in (setMyLanguage), keyed by the token's
 * user id: it holds whatever client they use, before the client's Accept-Language.
 */
export class UserLanguage1764352500000 implements MigrationInterface {
  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE user_setting (
        user_id text PRIMARY KEY,
        language text NOT NULL CHECK (language IN ('vi', 'en')),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE user_setting`);
  }
}
