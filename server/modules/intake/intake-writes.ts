import type { EntityManager } from "typeorm";
import { foldVietnamese } from "../../shared/text-folding";
import { Household } from "../households";
import type { ParsedHousehold } from "./household-rows";

/** A household of the file with the fields it is stored with. */
export interface IntakeHousehold {
  parsed: ParsedHousehold;
  area: Household["area"];
  /** The stored household it updates, locked; null for a new one. */
  stored: Household | null;
}

const assessmentOf = (h: IntakeHousehold, wardId: string, reviewId: string) => ({
  code: h.parsed.code,
  ward_id: wardId,
  area: h.area,
  classification: h.parsed.classification,
  classified_in_review_id: reviewId,
  income_per_person_monthly: h.parsed.incomePerPersonMonthly,
  income_score: h.parsed.incomeScore,
  address: h.parsed.address,
  deprivations: h.parsed.deprivations,
  poverty_causes: h.parsed.povertyCauses,
  search_key: foldVietnamese(`${h.parsed.code} ${h.parsed.members[0].fullName}`),
});

const RECORD = `r(code text, ward_id uuid, area text, classification text, classified_in_review_id uuid, income_per_person_monthly integer,
  income_score smallint, address text, deprivations text[], poverty_causes smallint[], search_key text)`;

/** Inserts the new households and returns them as stored. */
export async function insertHouseholds(tx: EntityManager, households: IntakeHousehold[], wardId: string, reviewId: string): Promise<Household[]> {
  if (households.length === 0) return [];
  const rows: { id: string }[] = await tx.query(
    `INSERT INTO household (code, ward_id, area, classification, classified_in_review_id, income_per_person_monthly, income_score, address, deprivations, poverty_causes, search_key)
     SELECT r.code, r.ward_id, r.area, r.classification, r.classified_in_review_id, r.income_per_person_monthly, r.income_score, r.address, r.deprivations, r.poverty_causes, r.search_key
       FROM jsonb_to_recordset($1::jsonb) AS ${RECORD}
     RETURNING id`,
    [JSON.stringify(households.map((h) => assessmentOf(h, wardId, reviewId)))],
  );
  return reload(tx, rows.map((r) => r.id));
}

/** Replaces the listed households' fields (a new version) and returns them as stored. */
export async function updateHouseholds(tx: EntityManager, households: IntakeHousehold[], wardId: string, reviewId: string): Promise<Household[]> {
  if (households.length === 0) return [];
  await tx.query(
    `UPDATE household h SET area = r.area, classification = r.classification, classified_in_review_id = r.classified_in_review_id,
            income_per_person_monthly = r.income_per_person_monthly, income_score = r.income_score, address = r.address,
            deprivations = r.deprivations, poverty_causes = r.poverty_causes, search_key = r.search_key,
            version = h.version + 1, updated_at = now()
       FROM jsonb_to_recordset($1::jsonb) AS ${RECORD}
      WHERE h.code = r.code`,
    [JSON.stringify(households.map((h) => assessmentOf(h, wardId, reviewId)))],
  );
  return reload(tx, households.map((h) => h.stored!.id));
}

/** Points unchanged households at the review that found them so. */
export async function markReviewed(tx: EntityManager, householdIds: string[], reviewId: string): Promise<void> {
  if (householdIds.length > 0) await tx.query(`UPDATE household SET classified_in_review_id = $2 WHERE id = ANY($1)`, [householdIds, reviewId]);
}

/** Replaces the members of the households with the file's, head first. */
export async function replaceMembers(tx: EntityManager, households: { id: string; parsed: ParsedHousehold }[]): Promise<void> {
  if (households.length === 0) return;
  await tx.query(`DELETE FROM household_member WHERE household_id = ANY($1)`, [households.map((h) => h.id)]);
  const rows = households.flatMap((h) =>
    h.parsed.members.map((m, i) => ({
      household_id: h.id,
      position: i + 1,
      full_name: m.fullName,
      birth_year: m.birthYear,
      sex: m.sex,
      relation_to_head: m.relationToHead,
      national_id_number: m.nationalIdNumber,
      has_health_insurance: m.hasHealthInsurance,
      education_level: m.educationLevel,
      attending_school: m.attendingSchool,
      work_status: m.workStatus,
    })),
  );
  await tx.query(
    `INSERT INTO household_member (household_id, position, full_name, birth_year, sex, relation_to_head, national_id_number, has_health_insurance, education_level, attending_school, work_status)
     SELECT r.household_id, r.position, r.full_name, r.birth_year, r.sex, r.relation_to_head, r.national_id_number, r.has_health_insurance, r.education_level, r.attending_school, r.work_status
       FROM jsonb_to_recordset($1::jsonb) AS r(household_id uuid, position smallint, full_name text, birth_year smallint, sex text, relation_to_head text,
            national_id_number varchar(12), has_health_insurance boolean, education_level text, attending_school boolean, work_status text)`,
    [JSON.stringify(rows)],
  );
}

function reload(tx: EntityManager, ids: string[]): Promise<Household[]> {
  return tx.getRepository(Household).createQueryBuilder("h").where("h.id = ANY(:ids)", { ids }).orderBy("h.code").getMany();
}
