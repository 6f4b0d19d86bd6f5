import type { DataSource } from "typeorm";
import type { Viewer } from "../../shared/auth";
import type { KeysetPage } from "../../shared/pagination";
import {
  Conditions,
  ReadModel,
  nest,
  rawKeysetPage,
  type RawKeysetOrder,
} from "../../shared/projection";
import { namedParameters } from "../../shared/sql-parameters";
import { Ward } from "../wards";
import { Household } from "./household.entity";
import type { HouseholdFilter } from "./household.inputs";
import { applyHouseholdFilter } from "./household-filter.sql";
import { householdScopeSql } from "./household-scope";

/**
 * What the Household type's field resolvers read from their parent, beyond a field of the same
 * name as a column's property; keep in step with them (a field missing here makes a page read
 * every column, never a row short of what it needs).
 */
export const HOUSEHOLD_FIELD_NEEDS: Readonly<Record<string, readonly string[]>> = {
  ward: ["wardId"],
  members: [],
  classifiedInReview: ["classifiedInReviewId"],
  reviewHistory: [],
};

/** By code, then id. */
const BY_CODE: RawKeysetOrder = {
  list: "household",
  alias: "h",
  column: "code",
  sqlType: "text",
  sortKeySql: "h.code",
  validSortKey: /^[A-Z0-9][A-Z0-9-]{0,63}$/,
};

/** What Ward's field resolvers read from their parent, as HOUSEHOLD_FIELD_NEEDS. */
const WARD_FIELD_NEEDS: Readonly<Record<string, readonly string[]>> = { householdTotals: [] };

/** The GraphQL fields a page of households is read for. */
export interface HouseholdPageFields {
  household: readonly string[];
  /** Those of each household's ward; null when the ward is not asked for. */
  ward: readonly string[] | null;
  /** Whether the connection's totalCount is asked for: counted in the same statement. */
  total: boolean;
}

/** A household as a page reads it: with its ward when the page read that in the same statement. */
export type HouseholdRow = Household & { ward?: Ward };

/**
 * Pages of households read as one statement of the columns the query asks for, each ward asked
 * for joined in the same statement and the total count with them, into plain objects: no TypeORM
 * query building or entity hydration. The statement's text depends on the fields, the filter's
 * shape and the viewer's role, never on the page size.
 */
export class HouseholdPageReader {
  private models?: { household: ReadModel; ward: ReadModel };

  constructor(private readonly db: DataSource) {}

  /**
   * One page of the households the viewer may see matching the filter, by code (id breaks ties),
   * after the cursor. Each row is a plain object carrying `id` and the properties the GraphQL
   * `fields` need — every column without `fields`, or for a field it does not know — and `ward`
   * with its own when asked for; `total` the count across all pages when asked for (undefined if
   * unknown). Throws BAD_USER_INPUT for a bad page size, cursor or filter.
   */
  async page(
    viewer: Viewer,
    filter: HouseholdFilter,
    first: number | null | undefined,
    after: string | null | undefined,
    fields: HouseholdPageFields | undefined,
    today: string,
  ): Promise<KeysetPage<HouseholdRow>> {
    const models = (this.models ??= {
      household: new ReadModel(this.db, Household, HOUSEHOLD_FIELD_NEEDS),
      ward: new ReadModel(this.db, Ward, WARD_FIELD_NEEDS),
    });
    const where = applyHouseholdFilter(new Conditions(), filter, today);
    const { bind, params } = namedParameters("householdScope");
    const scope = householdScopeSql(viewer, bind);
    if (scope) where.andWhere(scope, params);
    const wardProperties = fields?.ward && models.ward.propertiesFor(fields.ward);
    let select = models.household.selectList(
      "h",
      fields ? models.household.propertiesFor(fields.household) : models.household.allProperties(),
    );
    if (wardProperties) select += `, ${models.ward.selectList("hw", wardProperties, "ward.")}`;
    const joins = wardProperties ? "JOIN ward hw ON hw.id = h.ward_id" : "";
    const page = await rawKeysetPage(this.db, {
      order: BY_CODE,
      select,
      table: "household h",
      joins,
      where,
      first,
      after,
      withTotal: fields?.total,
    });
    if (wardProperties) nest(page.rows, "ward", wardProperties);
    return page as unknown as KeysetPage<HouseholdRow>;
  }
}
