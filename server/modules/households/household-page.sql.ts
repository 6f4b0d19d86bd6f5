import type { DataSource } from "typeorm";
import type { Viewer } from "../../shared/auth";
import type { KeysetPage } from "../../shared/pagination";
import { Conditions, ReadModel, rawKeysetPage, type RawKeysetOrder } from "../../shared/projection";
import { namedParameters } from "../../shared/sql-parameters";
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

/**
 * Pages of households read as one statement of the columns the query asks for, into plain
 * objects: no TypeORM query building or entity hydration. The statement's text depends on the
 * fields, the filter's shape and the viewer's role, never on the page size.
 */
export class HouseholdPageReader {
  private model?: ReadModel;

  constructor(private readonly db: DataSource) {}

  /**
   * One page of the households the viewer may see matching the filter, by code (id breaks ties),
   * after the cursor. Each row is a plain object carrying `id` and the properties the GraphQL
   * `fields` need — every column without `fields`, or for a field it does not know. Throws
   * BAD_USER_INPUT for a bad page size, cursor or filter.
   */
  page(viewer: Viewer, filter: HouseholdFilter, first: number | null | undefined, after: string | null | undefined, fields: readonly string[] | undefined, today: string): Promise<KeysetPage<Household>> {
    const model = (this.model ??= new ReadModel(this.db, Household, HOUSEHOLD_FIELD_NEEDS));
    const where = applyHouseholdFilter(new Conditions(), filter, today);
    const { bind, params } = namedParameters("householdScope");
    const scope = householdScopeSql(viewer, bind);
    if (scope) where.andWhere(scope, params);
    const properties = fields ? model.propertiesFor(fields) : model.allProperties();
    return rawKeysetPage(this.db, BY_CODE, model.selectList("h", properties), "household h", where, first, after) as Promise<unknown> as Promise<KeysetPage<Household>>;
  }
}
