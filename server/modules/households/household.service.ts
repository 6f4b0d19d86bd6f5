import type { DataSource } from "typeorm";
import { requireUuid } from "../../shared/ids";
import { decodeCursor, encodeCursor, pageSize } from "../../shared/pagination";
import { HouseholdMember } from "./household-member.entity";
import { Household } from "./household.entity";
import type { HouseholdFilter } from "./household.inputs";
import { applyHouseholdFilter } from "./household-filter.sql";

const CURSOR_LIST = "household";

export interface HouseholdPage {
  households: Household[];
  cursors: string[];
  hasNextPage: boolean;
  hasPreviousPage: boolean;
}

export class HouseholdService {
  constructor(private readonly db: DataSource) {}

  /** The household, or null when none has the id. Throws BAD_USER_INPUT when the id is not a UUID. */
  findById(id: string): Promise<Household | null> {
    return this.db.getRepository(Household).findOneBy({ id: requireUuid(id, "id") });
  }

  byIds(ids: readonly string[]): Promise<Household[]> {
    return this.db.getRepository(Household).createQueryBuilder("h").where("h.id = ANY(:ids)", { ids }).getMany();
  }

  /**
   * One page of households matching the filter, ordered by code with the id as tie-breaker, after
   * the cursor's position. Throws BAD_USER_INPUT for a page size outside 1..100, a cursor this API
   * did not issue, or a malformed filter.
   */
  async page(filter: HouseholdFilter, first?: number | null, after?: string | null): Promise<HouseholdPage> {
    const size = pageSize(first);
    const position = after ? decodeCursor(CURSOR_LIST, after) : null;
    const q = this.filtered(filter);
    if (position) q.andWhere("(h.code, h.id) > (:afterCode, :afterId)", { afterCode: position.sortKey, afterId: position.id });
    const rows = await q.orderBy("h.code").addOrderBy("h.id").limit(size + 1).getMany();
    const households = rows.slice(0, size);
    return {
      households,
      cursors: households.map((h) => encodeCursor(CURSOR_LIST, { sortKey: h.code, id: h.id })),
      hasNextPage: rows.length > size,
      hasPreviousPage: position !== null,
    };
  }

  /** How many households match the filter. */
  count(filter: HouseholdFilter): Promise<number> {
    return this.filtered(filter).getCount();
  }

  membersOf(householdIds: readonly string[]): Promise<HouseholdMember[]> {
    return this.db
      .getRepository(HouseholdMember)
      .createQueryBuilder("m")
      .where("m.household_id = ANY(:householdIds)", { householdIds })
      .orderBy("m.household_id")
      .addOrderBy("m.position")
      .getMany();
  }

  private filtered(filter: HouseholdFilter) {
    const today = new Date().toISOString().slice(0, 10);
    return applyHouseholdFilter(this.db.getRepository(Household).createQueryBuilder("h"), filter, today);
  }
}
