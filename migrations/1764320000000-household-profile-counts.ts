import type { MigrationInterface, QueryRunner } from "typeorm";

const PROFILE = "area, classification, classified_in_review_id, deprivations, poverty_causes";
const WARD_PROFILE = "ward_id, area, classification, classified_in_review_id";

/** The trigger statements that append one table's signed counts for the statement's changed households. */
const appendCounts = (table: string, key: string) => `
        IF TG_OP = 'INSERT' THEN
          INSERT INTO ${table} SELECT ${key}, count(*) FROM new_rows GROUP BY ${key};
        ELSIF TG_OP = 'DELETE' THEN
          INSERT INTO ${table} SELECT ${key}, -count(*) FROM old_rows GROUP BY ${key};
        ELSE
          -- Most updates change other columns: keys that lose as many as they gain write nothing.
          INSERT INTO ${table}
          SELECT ${key}, sum(n) FROM (SELECT ${key}, -1 AS n FROM old_rows UNION ALL SELECT ${key}, 1 FROM new_rows) changed
           GROUP BY ${key} HAVING sum(n) <> 0;
        END IF;`;

/**
 * Households counted per profile (area, classification, the review that classified them,
 * deprivations, causes) so that national stats questions sum a few thousand rows instead of
 * scanning millions of households. The ward is left out on purpose: per ward almost every household
 * has a profile of its own. Questions by ward that name no deprivation or cause sum a second,
 * coarser count per ward, area, classification and review.
 *
 * The counts are signed rows appended by statement triggers in the changing transaction, never
 * updated in place: concurrent imports never wait on, or deadlock over, a shared counter row, and
 * a reader sees exactly the households its snapshot sees. A scheduled job folds the rows together.
 * Loads that bypass triggers (a restore with --disable-triggers) must be followed by recounting.
 */
export class HouseholdProfileCounts1764320000000 implements MigrationInterface {
  name = "HouseholdProfileCounts1764320000000";

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE household_profile_count (
        area text NOT NULL,
        classification text NOT NULL,
        classified_in_review_id uuid,
        deprivations text[] NOT NULL,
        poverty_causes smallint[] NOT NULL,
        households integer NOT NULL
      );

      CREATE TABLE household_ward_count (
        ward_id uuid NOT NULL,
        area text NOT NULL,
        classification text NOT NULL,
        classified_in_review_id uuid,
        households integer NOT NULL
      );
      CREATE INDEX household_ward_count_ward ON household_ward_count (ward_id);

      CREATE FUNCTION count_household_profiles() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        ${appendCounts("household_profile_count", PROFILE)}
        ${appendCounts("household_ward_count", WARD_PROFILE)}

        RETURN NULL;
      END $$;

      CREATE TRIGGER household_profile_insert AFTER INSERT ON household REFERENCING NEW TABLE AS new_rows
        FOR EACH STATEMENT EXECUTE FUNCTION count_household_profiles();
      CREATE TRIGGER household_profile_update AFTER UPDATE ON household REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
        FOR EACH STATEMENT EXECUTE FUNCTION count_household_profiles();
      CREATE TRIGGER household_profile_delete AFTER DELETE ON household REFERENCING OLD TABLE AS old_rows
        FOR EACH STATEMENT EXECUTE FUNCTION count_household_profiles();

      CREATE FUNCTION clear_household_counts() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        DELETE FROM household_profile_count;
        DELETE FROM household_ward_count;
        RETURN NULL;
      END $$;
      CREATE TRIGGER household_profile_truncate AFTER TRUNCATE ON household
        FOR EACH STATEMENT EXECUTE FUNCTION clear_household_counts();

      INSERT INTO household_profile_count SELECT ${PROFILE}, count(*) FROM household GROUP BY ${PROFILE};
      INSERT INTO household_ward_count SELECT ${WARD_PROFILE}, count(*) FROM household GROUP BY ${WARD_PROFILE};
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TRIGGER household_profile_truncate ON household;
      DROP FUNCTION clear_household_counts();
      DROP TRIGGER household_profile_delete ON household;
      DROP TRIGGER household_profile_update ON household;
      DROP TRIGGER household_profile_insert ON household;
      DROP FUNCTION count_household_profiles();
      DROP TABLE household_ward_count;
      DROP TABLE household_profile_count;
    `);
  }
}
