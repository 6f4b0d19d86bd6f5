import type { DataSource } from "typeorm";
import type { Viewer } from "../../shared/auth";
import { badInput } from "../../shared/errors";
import { decodeCursor, encodeCursor, pageSize, type KeysetPage } from "../../shared/pagination";
import { Conditions, ReadModel } from "../../shared/projection";
import { namedParameters } from "../../shared/sql-parameters";
import { Household } from "../households";
import { TaskAssignment } from "./task-assignment.entity";
import { applyTaskFilter } from "./task-filter.sql";
import { taskScopeSql } from "./task-scope";
import type { TaskFilter } from "./task.inputs";

/** The GraphQL fields a page of tasks is read for: those of each task and, when asked, of its household. */
export interface TaskPageFields {
  task: readonly string[];
  /** null when the household is not asked for. */
  household: readonly string[] | null;
}

/** Tag of the tasks list's cursors; its sort key is `created_at` as ISO 8601 in UTC with milliseconds (the column's precision). */
const LIST = "task";
const SORT_KEY = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
/** created_at as the cursor's sort key, made by PostgreSQL: the same text as `Date#toISOString` of the column, without parsing a Date per row. */
const SORT_KEY_SQL = `to_char(t.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/**
 * What TaskResolver's and HouseholdResolver's field resolvers read from their parent, beyond a
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
const HOUSEHOLD_FIELD_NEEDS: Record<string, readonly string[]> = {
  ward: ["wardId"],
  members: [],
  classifiedInReview: ["classifiedInReviewId"],
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
   * for; `wholeHouseholds` says whether those households carry every column. Throws
   * BAD_USER_INPUT for a bad page size, cursor or filter.
   */
  async page(viewer: Viewer, filter: TaskFilter, first: number | null | undefined, after: string | null | undefined, fields: TaskPageFields, today: string): Promise<KeysetPage<TaskAssignment> & { wholeHouseholds: boolean }> {
    const size = pageSize(first);
    const position = after ? decodeCursor(LIST, after) : null;
    if (position && !SORT_KEY.test(position.sortKey)) throw badInput("error.input.cursor", {}, { argument: "after" });
    const models = (this.models ??= { task: new ReadModel(this.db, TaskAssignment, TASK_FIELD_NEEDS), household: new ReadModel(this.db, Household, HOUSEHOLD_FIELD_NEEDS) });

    const where = applyTaskFilter(new Conditions(), filter, today);
    const { bind, params } = namedParameters("taskScope");
    const scope = taskScopeSql(viewer, bind);
    if (scope) where.andWhere(scope, params);
    if (position) where.andWhere(`(t.created_at, t.id) > (CAST(:afterSortKey AS timestamptz), :afterId)`, { afterSortKey: position.sortKey, afterId: position.id });

    const householdProperties = fields.household && models.household.propertiesFor(fields.household);
    const select = [`${SORT_KEY_SQL} AS "@sortKey"`, models.task.selectList("t", models.task.propertiesFor(fields.task))];
    if (householdProperties) select.push(models.household.selectList("h", householdProperties, "household."));
    const [sql, values] = this.db.driver.escapeQueryWithParameters(
      `SELECT ${select.join(", ")} FROM task_assignment t${householdProperties ? " JOIN household h ON h.id = t.household_id" : ""}
        ${where.whereClause()} ORDER BY t.created_at, t.id LIMIT :pageLimit`,
      { ...where.params, pageLimit: size + 1 },
    );
    const fetched: Record<string, unknown>[] = await this.db.query(sql, values);
    const rows = fetched.slice(0, size);
    if (householdProperties) {
      for (const row of rows) {
        const household: Record<string, unknown> = {};
        for (const p of householdProperties) household[p] = row[`household.${p}`];
        row.household = household;
      }
    }
    return {
      rows: rows as unknown as TaskAssignment[],
      cursors: rows.map((row) => encodeCursor(LIST, { sortKey: row["@sortKey"] as string, id: row.id as string })),
      hasNextPage: fetched.length > size,
      hasPreviousPage: position !== null,
      wholeHouseholds: !!householdProperties && models.household.isWhole(householdProperties),
    };
  }
}
