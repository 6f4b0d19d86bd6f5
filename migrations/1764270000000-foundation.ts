import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * The plan's reference data (wards, agencies, measures, targets, reviews) and the households
 * with their members, deprivations and poverty causes. Raw SQL that both PostgreSQL 15 and
 * PGlite (PostgreSQL 18) run; no extensions (gen_random_uuid is core since PostgreSQL 13).
 */
export class Foundation1764270000000 implements MigrationInterface {
  name = "Foundation1764270000000";

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE ward (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        code varchar(5) NOT NULL CHECK (code ~ '^[0-9]{5}$'),
        name text NOT NULL,
        kind text NOT NULL CHECK (kind IN ('PHUONG', 'XA')),
        valid_from date,
        valid_until date,
        CONSTRAINT ward_validity_ordered CHECK (valid_until IS NULL OR valid_from IS NULL OR valid_until > valid_from),
        CONSTRAINT ward_code_valid_from_unique UNIQUE NULLS NOT DISTINCT (code, valid_from)
      );

      CREATE TABLE ward_household_total (
        ward_id uuid NOT NULL REFERENCES ward(id),
        year smallint NOT NULL CHECK (year BETWEEN 2000 AND 2100),
        households_total integer NOT NULL CHECK (households_total >= 0),
        PRIMARY KEY (ward_id, year)
      );

      CREATE TABLE agency (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        code text NOT NULL UNIQUE CHECK (code ~ '^[A-Z][A-Z0-9_:]*$'),
        name_vi text NOT NULL,
        name_en text NOT NULL,
        kind text NOT NULL CHECK (kind IN ('CITY_DEPARTMENT', 'PROVINCIAL_PARTNER', 'MASS_ORGANISATION', 'WARD_PEOPLES_COMMITTEE')),
        ward_id uuid UNIQUE REFERENCES ward(id),
        CONSTRAINT agency_ward_iff_ward_committee CHECK ((kind = 'WARD_PEOPLES_COMMITTEE') = (ward_id IS NOT NULL))
      );

      CREATE TABLE support_measure (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        code text NOT NULL UNIQUE CHECK (code ~ '^[A-Z][A-Z0-9_]*$'),
        name_vi text NOT NULL,
        name_en text NOT NULL,
        lead_agency_id uuid NOT NULL REFERENCES agency(id),
        programme_project smallint CHECK (programme_project BETWEEN 1 AND 7),
        programme_sub_project smallint CHECK (programme_sub_project BETWEEN 1 AND 3),
        beneficiary_unit text NOT NULL CHECK (beneficiary_unit IN ('HOUSEHOLD', 'WORKER', 'PERSON')),
        legal_basis text,
        CONSTRAINT support_measure_sub_project_needs_project CHECK (programme_sub_project IS NULL OR programme_project IS NOT NULL)
      );

      CREATE TABLE review (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        code text NOT NULL UNIQUE,
        kind text NOT NULL CHECK (kind IN ('PERIODIC', 'REGULAR')),
        starts_on date NOT NULL,
        ends_on date NOT NULL,
        CONSTRAINT review_period_ordered CHECK (ends_on >= starts_on)
      );

      CREATE TABLE household (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        code text NOT NULL UNIQUE CHECK (code ~ '^[A-Z0-9][A-Z0-9-]*$'),
        ward_id uuid NOT NULL REFERENCES ward(id),
        area text NOT NULL CHECK (area IN ('URBAN', 'RURAL')),
        classification text NOT NULL CHECK (classification IN ('POOR', 'NEAR_POOR', 'NOT_POOR')),
        classified_in_review_id uuid REFERENCES review(id),
        income_per_person_monthly integer CHECK (income_per_person_monthly >= 0),
        address text NOT NULL,
        deprivations text[] NOT NULL DEFAULT '{}' CHECK (deprivations <@ ARRAY[
          'EMPLOYMENT', 'DEPENDANTS', 'NUTRITION', 'HEALTH_INSURANCE', 'ADULT_EDUCATION',
          'CHILD_SCHOOL_ATTENDANCE', 'HOUSING_QUALITY', 'HOUSING_AREA', 'DOMESTIC_WATER',
          'HYGIENIC_LATRINE', 'TELECOM_SERVICES', 'INFORMATION_ACCESS_MEANS']::text[]),
        poverty_causes smallint[] NOT NULL DEFAULT '{}' CHECK (poverty_causes <@ ARRAY[1, 2, 3, 4, 5, 6, 7, 8]::smallint[]),
        search_key text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX household_ward_code ON household (ward_id, code);
      CREATE INDEX household_classification_code ON household (classification, code);
      CREATE INDEX household_deprivations ON household USING gin (deprivations);
      CREATE INDEX household_poverty_causes ON household USING gin (poverty_causes);

      CREATE TABLE household_member (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        household_id uuid NOT NULL REFERENCES household(id) ON DELETE CASCADE,
        position smallint NOT NULL CHECK (position >= 1),
        full_name text NOT NULL CHECK (length(full_name) BETWEEN 1 AND 200),
        birth_year smallint NOT NULL CHECK (birth_year BETWEEN 1900 AND 2100),
        sex text NOT NULL CHECK (sex IN ('MALE', 'FEMALE')),
        relation_to_head text NOT NULL CHECK (relation_to_head IN
          ('HEAD', 'SPOUSE', 'CHILD', 'PARENT', 'GRANDCHILD', 'SIBLING', 'OTHER_RELATIVE')),
        national_id_number varchar(12) CHECK (national_id_number ~ '^[0-9]{12}$'),
        has_health_insurance boolean NOT NULL,
        education_level text NOT NULL CHECK (education_level IN
          ('NONE', 'PRIMARY', 'LOWER_SECONDARY', 'UPPER_SECONDARY', 'VOCATIONAL', 'HIGHER')),
        attending_school boolean NOT NULL DEFAULT false,
        work_status text NOT NULL CHECK (work_status IN
          ('STABLE_WORK', 'UNSTABLE_WORK', 'UNEMPLOYED', 'STUDENT', 'NOT_WORKING_AGE', 'UNABLE_TO_WORK')),
        CONSTRAINT household_member_position_unique UNIQUE (household_id, position)
      );
      CREATE UNIQUE INDEX household_member_one_head ON household_member (household_id) WHERE relation_to_head = 'HEAD';
      CREATE INDEX household_member_national_id ON household_member (national_id_number) WHERE national_id_number IS NOT NULL;

      CREATE TABLE plan_target (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        code text NOT NULL UNIQUE,
        metric text NOT NULL CHECK (metric IN (
          'POOR_RATE_REDUCTION', 'NEAR_POOR_RATE_REDUCTION', 'MULTIDIMENSIONAL_POVERTY_RATE',
          'POOR_HOUSEHOLDS', 'WARDS_WITHOUT_POOR_HOUSEHOLDS', 'MEASURE_BENEFICIARIES',
          'OFFICIALS_TRAINED', 'VILLAGE_OFFICERS_TRAINED')),
        year smallint CHECK (year BETWEEN 2000 AND 2100),
        ward_id uuid REFERENCES ward(id),
        measure_id uuid REFERENCES support_measure(id),
        deprivation text,
        poverty_causes smallint[],
        classification text CHECK (classification IN ('POOR', 'NEAR_POOR', 'NOT_POOR')),
        value numeric(14, 4) NOT NULL,
        unit text NOT NULL CHECK (unit IN ('HOUSEHOLDS', 'WORKERS', 'HOUSES', 'PEOPLE', 'WARDS', 'PERCENT', 'PERCENTAGE_POINTS')),
        plan_section text NOT NULL,
        note text,
        CONSTRAINT plan_target_measure_metric CHECK ((metric = 'MEASURE_BENEFICIARIES') = (measure_id IS NOT NULL))
      );
      CREATE INDEX plan_target_measure ON plan_target (measure_id);
      CREATE INDEX plan_target_ward ON plan_target (ward_id);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE plan_target;
      DROP TABLE household_member;
      DROP TABLE household;
      DROP TABLE review;
      DROP TABLE support_measure;
      DROP TABLE agency;
      DROP TABLE ward_household_total;
      DROP TABLE ward;
    `);
  }
}
