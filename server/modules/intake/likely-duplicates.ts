import type { EntityManager } from "typeorm";
import { foldVietnamese } from "../../shared/text-folding";
import { DuplicateMatch, type LikelyDuplicate } from "./intake.types";
import type { ParsedHousehold } from "./household-rows";

/** Stands for a household of another ward, whose code a ward officer does not learn. */
export const OTHER_WARD = "OTHER_WARD";

/**
 * Households of the file that may be ones listed under another code: a member with the ID number
 * of a member of another household (any ward), or a head with the same name (ignoring diacritics)
 * and birth year as another head of the ward — listed, or earlier in the file. Households the file
 * itself lists are compared as the file has them, not as stored. Only ADMIN learns which household
 * of another ward an ID number belongs to: a ward officer sees OTHER_WARD.
 */
export async function likelyDuplicates(
  tx: EntityManager,
  wardId: string,
  households: ParsedHousehold[],
  distinct: Set<string>,
  seesAllWards: boolean,
): Promise<LikelyDuplicate[]> {
  const codes = households.map((h) => h.code);
  const found: Omit<LikelyDuplicate, "settled">[] = [];

  const ids = households.flatMap((h) =>
    h.members.filter((m) => m.nationalIdNumber).map((m) => ({ household: h, member: m })),
  );
  const listedIds: { national_id_number: string; code: string }[] = ids.length
    ? await tx.query(
        `SELECT DISTINCT m.national_id_number, CASE WHEN $3 OR h.ward_id = $4 THEN h.code ELSE '${OTHER_WARD}' END AS code
           FROM household_member m JOIN household h ON h.id = m.household_id
          WHERE m.national_id_number = ANY($1) AND h.code <> ALL($2)`,
        [ids.map((i) => i.member.nationalIdNumber), codes, seesAllWards, wardId],
      )
    : [];
  for (const { household, member } of ids) {
    for (const other of listedIds.filter((l) => l.national_id_number === member.nationalIdNumber)) {
      found.push({
        row: member.row,
        householdCode: household.code,
        otherHouseholdCode: other.code,
        matchedBy: DuplicateMatch.NATIONAL_ID,
      });
    }
  }

  const headKey = (name: string, year: number) => `${foldVietnamese(name)}|${year}`;
  const heads = households.map((h) => ({ household: h, head: h.members[0] }));
  const listedHeads: { code: string; full_name: string; birth_year: number }[] = await tx.query(
    `SELECT h.code, m.full_name, m.birth_year FROM household h JOIN household_member m ON m.household_id = h.id AND m.relation_to_head = 'HEAD'
      WHERE h.ward_id = $1 AND h.code <> ALL($2) AND m.birth_year = ANY($3)`,
    [wardId, codes, [...new Set(heads.map((h) => h.head.birthYear))]],
  );
  const earlier = new Map<string, string>(
    listedHeads.map((l) => [headKey(l.full_name, l.birth_year), l.code]),
  );
  for (const { household, head } of heads) {
    const key = headKey(head.fullName, head.birthYear);
    const other = earlier.get(key);
    if (other !== undefined)
      found.push({
        row: head.row,
        householdCode: household.code,
        otherHouseholdCode: other,
        matchedBy: DuplicateMatch.HEAD_NAME_AND_BIRTH_YEAR,
      });
    else earlier.set(key, household.code);
  }
  return found
    .sort((a, b) => a.row - b.row)
    .map((d) => ({ ...d, settled: distinct.has(d.householdCode) }));
}
