import type { MigrationInterface, QueryRunner } from "typeorm";

const PROFILE = ["area", "classification", "deprivations", "poverty_causes"];
const onTask = (prefix: string) => PROFILE.map((c) => `household_${c} = ${prefix}.${c}`).join(", ");

/**
 * Each task carries its household's profile (area, classification, deprivations, causes), so that
 * stats questions about tasks by deprivation or cause read the tasks alone: nationally, "job
 * referrals by poverty cause" looked up 45,000 households one by one among 2,000,000.
 *
 * A household's re-assessment rewrites the profile on all its tasks in the same statement (a
 * statement trigger with transition tables). Routing writes the profile itself while it holds the
 * household locked (FOR SHARE or FOR UPDATE), so a re-assessment cannot slip between its read and
 * its insert; any other insert that leaves the profile out gets it from the household by a trigger
 * that fires only then.
 */
export class TaskHouseholdProfile1764330000000 implements MigrationInterface {
  name = "TaskHouseholdProfile1764330000000";

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE task_assignment
        ADD COLUMN household_area text,
        ADD COLUMN household_classification text,
        ADD COLUMN household_deprivations text[],
        ADD COLUMN household_poverty_causes smallint[];
      UPDATE task_assignment t SET ${onTask("h")} FROM household h WHERE h.id = t.household_id;
      ALTER TABLE task_assignment
        ALTER COLUMN household_area SET NOT NULL,
        ALTER COLUMN household_classification SET NOT NULL,
        ALTER COLUMN household_deprivations SET NOT NULL,
        ALTER COLUMN household_poverty_causes SET NOT NULL;

      CREATE FUNCTION copy_household_profile_to_task() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        SELECT ${PROFILE.join(", ")} INTO ${PROFILE.map((c) => `NEW.household_${c}`).join(", ")} FROM household WHERE id = NEW.household_id;
        RETURN NEW;
      END $$;
      CREATE TRIGGER task_household_profile_insert BEFORE INSERT ON task_assignment
        FOR EACH ROW WHEN (NEW.household_area IS NULL) EXECUTE FUNCTION copy_household_profile_to_task();

      CREATE FUNCTION copy_household_profile_to_tasks() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE task_assignment t SET ${onTask("n")}
          FROM new_rows n JOIN old_rows o ON o.id = n.id
         WHERE t.household_id = n.id AND (${PROFILE.map((c) => `o.${c}`).join(", ")}) IS DISTINCT FROM (${PROFILE.map((c) => `n.${c}`).join(", ")});
        RETURN NULL;
      END $$;
      CREATE TRIGGER task_household_profile_update AFTER UPDATE ON household REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
        FOR EACH STATEMENT EXECUTE FUNCTION copy_household_profile_to_tasks();
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TRIGGER task_household_profile_update ON household;
      DROP FUNCTION copy_household_profile_to_tasks();
      DROP TRIGGER task_household_profile_insert ON task_assignment;
      DROP FUNCTION copy_household_profile_to_task();
      ALTER TABLE task_assignment
        DROP COLUMN household_area,
        DROP COLUMN household_classification,
        DROP COLUMN household_deprivations,
        DROP COLUMN household_poverty_causes;
    `);
  }
}
