import { preparedRead } from "../db/prepared-read";
import { Kind, type FieldNode, type GraphQLResolveInfo, type SelectionSetNode } from "graphql";
import type { DataSource, EntityTarget, ObjectLiteral } from "typeorm";
import { badInput } from "./errors";
import { decodeCursor, encodeCursor, pageSize, type KeysetPage } from "./pagination";

/**
 * Reading only what a query asks for: which entity properties the selected GraphQL fields need,
 * and the SQL that reads just those columns into plain objects (no TypeORM query building or
 * entity hydration: hot read paths only; TypeORM stays for writes).
 */

/** The fields selected at `path` below the current field, by name (aliases, fragments and repeated fields merged), each with all its nodes. */
export function selectedFields(
  info: GraphQLResolveInfo,
  path: readonly string[] = [],
): Map<string, FieldNode[]> {
  let level: readonly FieldNode[] = info.fieldNodes;
  for (const name of path) level = fieldsUnder(info, level).get(name) ?? [];
  return fieldsUnder(info, level);
}

function fieldsUnder(
  info: GraphQLResolveInfo,
  nodes: readonly FieldNode[],
): Map<string, FieldNode[]> {
  const fields = new Map<string, FieldNode[]>();
  const visit = (set: SelectionSetNode | undefined) => {
    for (const s of set?.selections ?? []) {
      // A field under @skip or @include counts as asked for: reading it along costs a column, never a wrong answer.
      if (s.kind === Kind.FIELD) fields.set(s.name.value, [...(fields.get(s.name.value) ?? []), s]);
      else if (s.kind === Kind.INLINE_FRAGMENT) visit(s.selectionSet);
      else visit(info.fragments[s.name.value]?.selectionSet);
    }
  };
  for (const node of nodes) visit(node.selectionSet);
  return fields;
}

/** The names of the fields under `nodes` (see selectedFields). */
export function fieldNamesUnder(info: GraphQLResolveInfo, nodes: readonly FieldNode[]): string[] {
  return [...fieldsUnder(info, nodes).keys()];
}

/**
 * Memoises a projection per query field: a trusted or cached document keeps its AST, so the same
 * field node comes back with every request for it. Fields repeated under one response name are
 * not cached (rare; their nodes come together only per execution).
 */
export function perField<T>(
  compute: (info: GraphQLResolveInfo) => T,
): (info: GraphQLResolveInfo) => T {
  const cache = new WeakMap<FieldNode, T>();
  return (info) => {
    if (info.fieldNodes.length !== 1) return compute(info);
    const node = info.fieldNodes[0];
    let value = cache.get(node);
    if (value === undefined) cache.set(node, (value = compute(info)));
    return value;
  };
}

/** A table's columns as a projection reads them, and what the GraphQL type's field resolvers read from their parent. */
export class ReadModel {
  /** entity property → SQL over the table's alias (`$` stands for it) giving the value as TypeORM would hydrate it. */
  private readonly columns = new Map<string, string>();

  /**
   * @param resolvedFrom the properties each field resolver of the type reads from its parent
   *   object ([] for none). A selected field that is neither a column's property nor listed here
   *   makes the projection read every column: a new field resolver is never served a row missing
   *   what it reads.
   */
  constructor(
    dataSource: DataSource,
    entity: EntityTarget<ObjectLiteral> & { name: string },
    private readonly resolvedFrom: Readonly<Record<string, readonly string[]>>,
  ) {
    for (const column of dataSource.getMetadata(entity).columns) {
      if (column.transformer)
        throw new Error(
          `ReadModel: ${entity.name}.${column.propertyName} has a transformer, which raw reads do not apply`,
        );
      const sql = `$."${column.databaseName}"`;
      // DATE as 'YYYY-MM-DD' text on both drivers (PGlite would make it a Date), as TypeORM hydrates it.
      this.columns.set(
        column.propertyName,
        column.type === "date" ? `to_char(${sql}, 'YYYY-MM-DD')` : sql,
      );
    }
  }

  /** The properties the fields need, `id` always among them; every property when a field is unknown. */
  propertiesFor(fieldNames: Iterable<string>): string[] {
    const properties = new Set(["id"]);
    for (const field of fieldNames) {
      if (field === "__typename") continue;
      const needs = this.columns.has(field) ? [field] : this.resolvedFrom[field];
      if (!needs) return this.allProperties();
      for (const p of needs) properties.add(p);
    }
    return [...properties];
  }

  /** Every column's property. */
  allProperties(): string[] {
    return [...this.columns.keys()];
  }

  /** Whether the properties are every column's: rows read with them are whole, as TypeORM would load them. */
  isWhole(properties: readonly string[]): boolean {
    return properties.length === this.columns.size;
  }

  /** `expr AS "<prefix><property>", …` over the table aliased `alias`. */
  selectList(alias: string, properties: readonly string[], prefix = ""): string {
    return properties
      .map((p) => {
        const sql = this.columns.get(p);
        if (!sql) throw new Error(`ReadModel: no column for property ${p}`);
        return `${sql.replaceAll("$.", `${alias}.`)} AS "${prefix}${p}"`;
      })
      .join(", ");
  }
}

/**
 * Conditions and their named parameters (`:name`), collected as a TypeORM query builder's
 * `andWhere` takes them, so the same filter and scope functions serve raw SQL.
 */
export class Conditions {
  private readonly parts: string[] = [];
  readonly params: Record<string, unknown> = {};

  andWhere(condition: string, params?: Record<string, unknown>): this {
    this.parts.push(`(${condition})`);
    if (params) Object.assign(this.params, params);
    return this;
  }

  /** `WHERE …`, or nothing without conditions. */
  whereClause(): string {
    return this.parts.length ? `WHERE ${this.parts.join(" AND ")}` : "";
  }
}

/**
 * Gathers the columns each row carries as `<key>.<property>` (a single-row relation joined in the
 * same statement, selected with the prefix `<key>.`) into an object at `row[key]`.
 */
export function nest(
  rows: Record<string, unknown>[],
  key: string,
  properties: readonly string[],
): void {
  for (const row of rows) {
    const related: Record<string, unknown> = {};
    for (const p of properties) related[p] = row[`${key}.${p}`];
    row[key] = related;
  }
}

/** How a list read as raw SQL is ordered for keyset pages: a sort column, then the row id as tie-breaker. */
export interface RawKeysetOrder {
  /** Tag of the list's cursors, so one list's cursor is refused by another. */
  list: string;
  /** Query alias and sort column, e.g. "h" and "code". */
  alias: string;
  column: string;
  /** SQL type the cursor's sort key is cast to, e.g. "timestamptz". */
  sqlType: string;
  /** SQL giving a row's sort key as the text its cursor carries. */
  sortKeySql: string;
  /** Shape a sort key from a cursor must have, checked before it reaches SQL. */
  validSortKey: RegExp;
}

/** A page read as raw SQL (rawKeysetPage). */
export interface RawPageQuery {
  order: RawKeysetOrder;
  /** The select list, e.g. from ReadModel.selectList. */
  select: string;
  /** The listed table, e.g. "task_assignment t": what `where` and `withTotal` count read. */
  table: string;
  /** Single-row relations joined to it, e.g. "JOIN household h ON h.id = t.household_id". */
  joins?: string;
  /** The filter and scope, over `table`'s alias only (not the joins'); the cursor's condition is added to it. */
  where: Conditions;
  first: number | null | undefined;
  after: string | null | undefined;
  /** Count the rows matching `where` across all pages in the same statement. */
  withTotal?: boolean;
}

/**
 * One page of `SELECT select FROM table joins WHERE where` in `order` after the cursor, as the driver's
 * plain row objects, in one statement whose text does not depend on the page size; with
 * `withTotal`, also the count of all rows matching `where` (a scalar subquery of the table with
 * the same WHERE, run once), or undefined when an empty page after a cursor leaves it unknown. Throws
 * BAD_USER_INPUT for a page size outside 1..MAX_PAGE_SIZE or a cursor this list did not issue.
 */
export async function rawKeysetPage(
  db: DataSource,
  q: RawPageQuery,
): Promise<KeysetPage<Record<string, unknown>>> {
  const { order, where } = q;
  const size = pageSize(q.first);
  const position = q.after ? decodeCursor(order.list, q.after) : null;
  const sort = `${order.alias}.${order.column}`;
  // The subquery's own aliases shadow the outer query's, so the same conditions read its rows.
  const total = q.withTotal
    ? `, (SELECT count(*) FROM ${q.table} ${where.whereClause()}) AS "@total"`
    : "";
  if (position) {
    if (!order.validSortKey.test(position.sortKey))
      throw badInput("error.input.cursor", {}, { argument: "after" });
    where.andWhere(
      `(${sort}, ${order.alias}.id) > (CAST(:afterSortKey AS ${order.sqlType}), :afterId)`,
      { afterSortKey: position.sortKey, afterId: position.id },
    );
  }
  const ordered = `ORDER BY ${sort}, ${order.alias}.id`;
  // The page's rows are chosen first and only they are joined: joining every matching row before
  // the limit cost the database a lookup per match (121 households for an inbox page of 20).
  const from = q.joins
    ? `(SELECT ${order.alias}.* FROM ${q.table} ${where.whereClause()} ${ordered} LIMIT :pageLimit) ${order.alias} ${q.joins}`
    : `${q.table} ${where.whereClause()}`;
  const [sql, values] = db.driver.escapeQueryWithParameters(
    `SELECT ${order.sortKeySql} AS "@sortKey"${total}, ${q.select} FROM ${from} ${ordered} LIMIT :pageLimit`,
    { ...where.params, pageLimit: size + 1 },
  );
  const fetched = await preparedRead<Record<string, unknown>>(db, sql, values);
  const rows = fetched.slice(0, size);
  return {
    rows,
    cursors: rows.map((row) =>
      encodeCursor(order.list, { sortKey: row["@sortKey"] as string, id: row.id as string }),
    ),
    hasNextPage: fetched.length > size,
    hasPreviousPage: position !== null,
    total: !q.withTotal
      ? undefined
      : fetched.length
        ? Number(fetched[0]["@total"])
        : position
          ? undefined
          : 0,
  };
}
