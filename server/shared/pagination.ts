import { Field, ObjectType } from "type-graphql";
import type { ObjectLiteral, SelectQueryBuilder } from "typeorm";
import { badInput } from "./errors";
import { isUuid } from "./ids";

export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 20;

@ObjectType({ description: "Relay page information." })
export class PageInfo {
  @Field()
  hasNextPage!: boolean;

  @Field({ description: "True when the page was asked for after a cursor." })
  hasPreviousPage!: boolean;

  @Field(() => String, { nullable: true })
  startCursor!: string | null;

  @Field(() => String, { nullable: true })
  endCursor!: string | null;
}

/** Returns the page size, or throws BAD_USER_INPUT when it is outside 1..MAX_PAGE_SIZE. */
export function pageSize(first: number | null | undefined): number {
  if (first === null || first === undefined) return DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE_SIZE) {
    throw badInput("error.input.pageSize", { max: MAX_PAGE_SIZE, first }, { argument: "first" });
  }
  return first;
}

/**
 * A keyset cursor: the sort key and the unique id of the last row seen, tagged with the list it
 * belongs to. Opaque to clients (base64url).
 */
export interface KeysetPosition {
  sortKey: string;
  id: string;
}

export function encodeCursor(list: string, position: KeysetPosition): string {
  return Buffer.from(JSON.stringify([list, position.sortKey, position.id])).toString("base64url");
}

/** Returns the position a cursor of `list` points at, or throws BAD_USER_INPUT for anything else. */
export function decodeCursor(list: string, cursor: string): KeysetPosition {
  const invalid = () => badInput("error.input.cursor", {}, { argument: "after" });
  if (cursor.length > 512 || !/^[A-Za-z0-9_-]+$/.test(cursor)) throw invalid();
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    throw invalid();
  }
  if (!Array.isArray(decoded) || decoded.length !== 3) throw invalid();
  const [tag, sortKey, id] = decoded;
  if (tag !== list || typeof sortKey !== "string" || !isUuid(id)) throw invalid();
  return { sortKey, id };
}

/** A page as services return it: rows, their cursors, and whether more lie beyond. */
export interface KeysetPage<T> {
  rows: T[];
  cursors: string[];
  hasNextPage: boolean;
  hasPreviousPage: boolean;
  /** The rows matching across all pages, when read with the page. */
  total?: number;
}

/** How a list is ordered for keyset pages: a sort column, then the row id as tie-breaker. */
export interface KeysetOrder<T> {
  /** Tag of the list's cursors, so one list's cursor is refused by another. */
  list: string;
  /** Query alias and column, e.g. "h" and "code". */
  alias: string;
  column: string;
  /** SQL type the cursor's sort key is cast to, e.g. "timestamptz". */
  sqlType: string;
  sortKeyOf(row: T): string;
  /** Shape a sort key from a cursor must have, checked before it reaches SQL. */
  validSortKey: RegExp;
}

/**
 * One page of `q` in `order` after the cursor, and whether more rows follow. Throws BAD_USER_INPUT
 * for a page size outside 1..MAX_PAGE_SIZE or a cursor this list did not issue.
 */
export async function keysetPage<T extends ObjectLiteral & { id: string }>(
  q: SelectQueryBuilder<T>,
  order: KeysetOrder<T>,
  first: number | null | undefined,
  after: string | null | undefined,
): Promise<KeysetPage<T>> {
  const size = pageSize(first);
  const position = after ? decodeCursor(order.list, after) : null;
  const sort = `${order.alias}.${order.column}`;
  if (position) {
    if (!order.validSortKey.test(position.sortKey))
      throw badInput("error.input.cursor", {}, { argument: "after" });
    q.andWhere(
      `(${sort}, ${order.alias}.id) > (CAST(:afterSortKey AS ${order.sqlType}), :afterId)`,
      { afterSortKey: position.sortKey, afterId: position.id },
    );
  }
  const fetched = await q
    .orderBy(sort)
    .addOrderBy(`${order.alias}.id`)
    .limit(size + 1)
    .getMany();
  const rows = fetched.slice(0, size);
  return {
    rows,
    cursors: rows.map((row) =>
      encodeCursor(order.list, { sortKey: order.sortKeyOf(row), id: row.id }),
    ),
    hasNextPage: fetched.length > size,
    hasPreviousPage: position !== null,
  };
}

export interface Connection<T, F> {
  edges: { cursor: string; node: T }[];
  pageInfo: PageInfo;
  /** Kept for `totalCount`, which is counted only when asked for. */
  filter: F;
  /** The count across all pages, when the page was read with it. */
  total?: number;
}

/** The Relay edge and connection object types for a node type, e.g. HouseholdEdge and HouseholdConnection. */
export function connectionTypes<T extends object>(Node: new () => T, name: string) {
  @ObjectType(`${name}Edge`)
  class Edge {
    @Field({ description: "Opaque; pass it as `after` to continue after this row." })
    cursor!: string;

    @Field(() => Node)
    node!: T;
  }

  @ObjectType(`${name}Connection`, { description: `A page of ${name} rows (Relay connection).` })
  class ConnectionType {
    @Field(() => [Edge])
    edges!: Edge[];

    @Field(() => PageInfo)
    pageInfo!: PageInfo;

    filter!: unknown;
  }
  return ConnectionType;
}

export function toConnection<T, F>(page: KeysetPage<T>, filter: F): Connection<T, F> {
  return {
    edges: page.rows.map((node, i) => ({ node, cursor: page.cursors[i] })),
    pageInfo: {
      hasNextPage: page.hasNextPage,
      hasPreviousPage: page.hasPreviousPage,
      startCursor: page.cursors[0] ?? null,
      endCursor: page.cursors[page.cursors.length - 1] ?? null,
    },
    filter,
    total: page.total,
  };
}
