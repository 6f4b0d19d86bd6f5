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
import { HOUSEHOLD_FIELD_NEEDS, Household } from "../households";
import { TaskAssignment } from "./task-assignment.entity";
import { applyTaskFilter } from "./task-filter.sql";
import { taskScopeSql } from "./task-scope";
import type { TaskFilter } from "./task.inputs";

/** The GraphQL fields a page of tasks is read for: those of each task and, when asked, of its household. */
export interface TaskPageFields {
  task: readonly string[];
  /** null when the household is not asked for. */
  household: readonly string[] | null;
  /** Whether the connection's totalCount is asked for: counted in the same statement. */
  total: boolean;
}

/** Oldest first; the sort key is `created_at` as ISO 8601 in UTC with milliseconds (the column's precision). */
const OLDEST_FIRST: RawKeysetOrder = {
  list: "task",
  alias: "t",
  column: "created_at",
  sqlType: "timestamptz",
  // Made by PostgreSQL: the same text as `Date#toISOString` of the column, without parsing a Date per row.
  sortKeySql: `to_char(t.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`,
  validSortKey: /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/,
};

/**
 * What TaskResolver's field resolvers read from their parent, beyond a
 * field of the same name as a column's property; keep in step with them (a field missing here
 * makes the page read every column, never a row short of what it needs).
 */
const TASK_FIELD_NEEDS: Record<string, readonly string[]> = {
  household: ["householdId"],
  ward: ["wardId"],
  measure: ["measureId"],
  ownerAgency: ["ownerAgencyId"],
  supportingAgencies: ["supportingAgencyIds"],
  reassignedFrom: ["reassignedFromTaskId"],
  changeEvent: [],
  history: [],
};

/**
 * Pages of tasks read as one statement of the columns the query asks for, the household's joined
 * in the same statement, into plain objects: no TypeORM query building or entity hydration. The
 * statement's text depends on the fields, the filter's shape and the viewer's role, never on the
 * page size.
 */
export class TaskPageReader {
  private models?: { task: ReadModel; household: ReadModel };

  constructor(private readonly db: DataSource) {}

  /**
   * One page of the tasks the viewer may see matching the filter, oldest first (id breaks ties),
   * after the cursor. Each row is a plain object carrying `id` and the properties `fields` need
   * (all of them for a field the page does not know), and `household` with its own when asked
   * for; `wholeHouseholds` says whether those households carry every column; `total` the count
   * across all pages when `fields.total` asks for it (undefined if unknown). Throws
   * BAD_USER_INPUT for a bad page size, cursor or filter.
   */
  async page(
    viewer: Viewer,
    filter: TaskFilter,
    first: number | null | undefined,
    after: string | null | undefined,
    fields: TaskPageFields,
    today: string,
  ): Promise<KeysetPage<TaskAssignment> & { wholeHouseholds: boolean }> {
    const models = (this.models ??= {
      task: new ReadModel(this.db, TaskAssignment, TASK_FIELD_NEEDS),
      household: new ReadModel(this.db, Household, HOUSEHOLD_FIELD_NEEDS),
    });
    const where = applyTaskFilter(new Conditions(), filter, today);
    const { bind, params } = namedParameters("taskScope");
    const scope = taskScopeSql(viewer, bind);
    if (scope) where.andWhere(scope, params);

    const householdProperties =
      fields.household && models.household.propertiesFor(fields.household);
    let select = models.task.selectList("t", models.task.propertiesFor(fields.task));
    if (householdProperties)
      select += `, ${models.household.selectList("h", householdProperties, "household.")}`;
    const joins = householdProperties ? "JOIN household h ON h.id = t.household_id" : "";
    const page = await rawKeysetPage(this.db, {
      order: OLDEST_FIRST,
      select,
      table: "task_assignment t",
      joins,
      where,
      first,
      after,
      withTotal: fields.total,
    });
    if (householdProperties) nest(page.rows, "household", householdProperties);
    return {
      ...(page as unknown as KeysetPage<TaskAssignment>),
      wholeHouseholds: !!householdProperties && models.household.isWhole(householdProperties),
    };
  }
}
