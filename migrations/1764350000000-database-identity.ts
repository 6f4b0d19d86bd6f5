import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * A random identity per database, made once when the database is created. Event cursors carry it, so
 * a cursor saved against one database (a ward app pointed at another server, a database recreated
 * since) is refused as foreign instead of silently skipping or replaying events by position alone.
 * Copies of a database (a backup restored) keep it: their events are the same.
 */
export class DatabaseIdentity1764350000000 implements MigrationInterface {
  name = "DatabaseIdentity1764350000000";

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE database_identity (
        only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row),
        id uuid NOT NULL DEFAULT gen_random_uuid()
      );
      INSERT INTO database_identity DEFAULT VALUES;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE database_identity`);
  }
}
