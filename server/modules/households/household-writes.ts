import type { EntityManager } from "typeorm";
import type { Actor } from "../../shared/actor";
import { foldVietnamese } from "../../shared/text-folding";
import type { EducationLevel, RelationToHead, Sex, WorkStatus } from "./household-member.entity";
import { Household } from "./household.entity";
import type { Area, Classification, DeprivationIndicator, PovertyCause } from "./national-standard";

// The only code that writes `household` and `household_member` (tests/table-ownership.test.ts):
// intake, the ward map's changes and the seeder come through here (re-assessment is
// HouseholdService.applyAssessment), so the search key, the version and the members' order are
// kept one way. Households record no author: `actor` is taken for the callers' uniformity and for
// the day they do; the intake records its importer in household_import.

/** A member as a review list records them. */
export interface MemberValues {
  fullName: string;
  birthYear: number;
  sex: Sex;
  relationToHead: RelationToHead;
  nationalIdNumber: string | null;
  hasHealthInsurance: boolean;
  educationLevel: EducationLevel;
  attendingSchool: boolean;
  workStatus: WorkStatus;
}

/** A household's assessment as a review list records it, with its members, head first. */
export interface HouseholdValues {
  code: string;
  area: Area;
  classification: Classification;
  incomePerPersonMonthly: number | null;
  incomeScore: number | null;
  address: string;
  deprivations: DeprivationIndicator[];
  povertyCauses: PovertyCause[];
  members: MemberValues[];
}

/** A household to create: its values, the ward it lives in and the review that classified it. */
export interface NewHousehold extends HouseholdValues {
  wardId: string;
  classifiedInReviewId: string;
}

/** What one review list changes, sorted by the intake that compared it with the stored households. */
export interface IntakeChanges {
  /** The ward the households now live in. */
  wardId: string;
  /** The review whose list it is. */
  reviewId: string;
  /** Households not stored yet. */
  created: HouseholdValues[];
  /** Stored households (matched by code) whose assessment or members changed: a new version. */
  updated: HouseholdValues[];
  /** Codes among `updated` whose members changed: their members are replaced. */
  membersChanged: ReadonlySet<string>;
  /** Ids of stored households the list leaves as they are: only pointed at the review. */
  unchangedIds: string[];
}

const RECORD = `r(code text, ward_id uuid, area text, classification text, classified_in_review_id uuid, income_per_person_monthly integer,
  income_score smallint, address text, deprivations text[], poverty_causes smallint[], search_key text)`;

const rowOf = (h: HouseholdValues, wardId: string, reviewId: string) => ({
  code: h.code,
  ward_id: wardId,
  area: h.area,
  classification: h.classification,
  classified_in_review_id: reviewId,
  income_per_person_monthly: h.incomePerPersonMonthly,
  income_score: h.incomeScore,
  address: h.address,
  deprivations: h.deprivations,
  poverty_causes: h.povertyCauses,
  search_key: foldVietnamese(`${h.code} ${h.members[0].fullName}`),
});

/**
 * Writes a review list's households in the caller's transaction (which holds them locked): inserts
 * the new ones, rewrites the changed ones as a new version, points the unchanged ones at the review,
 * and replaces the members of the new and member-changed ones — seven statements at most, whatever
 * the list's length. Returns the inserted and the rewritten households as stored, each by code.
 */
export async function upsertFromIntake(
  _actor: Actor,
  tx: EntityManager,
  changes: IntakeChanges,
): Promise<{ inserted: Household[]; rewritten: Household[] }> {
  const { wardId, reviewId } = changes;
  const inserted = await insertHouseholds(
    tx,
    changes.created.map((h) => rowOf(h, wardId, reviewId)),
  );
  const rewritten = await updateHouseholds(
    tx,
    changes.updated.map((h) => rowOf(h, wardId, reviewId)),
  );
  if (changes.unchangedIds.length > 0)
    await tx.query(`UPDATE household SET classified_in_review_id = $2 WHERE id = ANY($1)`, [
      changes.unchangedIds,
      reviewId,
    ]);
  const idOf = new Map([...inserted, ...rewritten].map((h) => [h.code, h.id]));
  const withNewMembers = [
    ...changes.created,
    ...changes.updated.filter((h) => changes.membersChanged.has(h.code)),
  ];
  await replaceMembers(
    tx,
    withNewMembers.map((h) => ({ id: idOf.get(h.code)!, members: h.members })),
  );
  return { inserted, rewritten };
}

/**
 * Creates households with their members in the caller's transaction (the seeder's demo city), in
 * two statements. Returns them as stored, in code order.
 */
export async function createHouseholds(
  _actor: Actor,
  tx: EntityManager,
  households: NewHousehold[],
): Promise<Household[]> {
  const inserted = await insertHouseholds(
    tx,
    households.map((h) => rowOf(h, h.wardId, h.classifiedInReviewId)),
  );
  const idOf = new Map(inserted.map((h) => [h.code, h.id]));
  await replaceMembers(
    tx,
    households.map((h) => ({ id: idOf.get(h.code)!, members: h.members })),
  );
  return inserted;
}

/**
 * Moves every household of the wards `from` to the ward `to` (a change of the ward map taking
 * effect), in the caller's transaction. Their version stays: their assessment did not change.
 */
export async function moveToWard(
  _actor: Actor,
  tx: EntityManager,
  from: string[],
  to: string,
): Promise<void> {
  await tx.query(`UPDATE household SET ward_id = $1, updated_at = now() WHERE ward_id = ANY($2)`, [
    to,
    from,
  ]);
}

async function insertHouseholds(
  tx: EntityManager,
  rows: ReturnType<typeof rowOf>[],
): Promise<Household[]> {
  if (rows.length === 0) return [];
  const inserted: { id: string }[] = await tx.query(
    `INSERT INTO household (code, ward_id, area, classification, classified_in_review_id, income_per_person_monthly, income_score, address, deprivations, poverty_causes, search_key)
     SELECT r.code, r.ward_id, r.area, r.classification, r.classified_in_review_id, r.income_per_person_monthly, r.income_score, r.address, r.deprivations, r.poverty_causes, r.search_key
       FROM jsonb_to_recordset($1::jsonb) AS ${RECORD}
     RETURNING id`,
    [JSON.stringify(rows)],
  );
  return reload(
    tx,
    inserted.map((r) => r.id),
  );
}

async function updateHouseholds(
  tx: EntityManager,
  rows: ReturnType<typeof rowOf>[],
): Promise<Household[]> {
  if (rows.length === 0) return [];
  await tx.query(
    `UPDATE household h SET area = r.area, classification = r.classification, classified_in_review_id = r.classified_in_review_id,
            income_per_person_monthly = r.income_per_person_monthly, income_score = r.income_score, address = r.address,
            deprivations = r.deprivations, poverty_causes = r.poverty_causes, search_key = r.search_key,
            version = h.version + 1, updated_at = now()
       FROM jsonb_to_recordset($1::jsonb) AS ${RECORD}
      WHERE h.code = r.code`,
    [JSON.stringify(rows)],
  );
  return tx
    .getRepository(Household)
    .createQueryBuilder("h")
    .where("h.code = ANY(:codes)", { codes: rows.map((r) => r.code) })
    .orderBy("h.code")
    .getMany();
}

/** Replaces the members of the households, head first. */
async function replaceMembers(
  tx: EntityManager,
  households: { id: string; members: MemberValues[] }[],
): Promise<void> {
  if (households.length === 0) return;
  await tx.query(`DELETE FROM household_member WHERE household_id = ANY($1)`, [
    households.map((h) => h.id),
  ]);
  const rows = households.flatMap((h) =>
    h.members.map((m, i) => ({
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
  return tx
    .getRepository(Household)
    .createQueryBuilder("h")
    .where("h.id = ANY(:ids)", { ids })
    .orderBy("h.code")
    .getMany();
}
