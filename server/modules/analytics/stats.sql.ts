import { Role, type Viewer } from "../../shared/auth";
import { DomainError, badInput } from "../../shared/errors";
import { positionalParameters, type Bind } from "../../shared/sql-parameters";
import {
  DeprivationDimension,
  DeprivationIndicator,
  dimensionOf,
  householdScopeSql,
} from "../households";
import { taskScopeSql } from "../tasks";
import {
  StatsDimension as D,
  type CodeCondition,
  type IntCondition,
  type StatsFilter,
} from "./stats.inputs";

const TASK_DIMENSIONS = [D.MEASURE, D.AGENCY, D.TASK_STATUS];
const MAX_FILTER_DEPTH = 6;

export interface CountCondition {
  gt?: number;
  gte?: number;
  lt?: number;
  lte?: number;
  eq?: number;
}

export interface StatsSql {
  text: string;
  params: unknown[];
}

/**
 * What a question's rows are: households (or their counts), or tasks; and where a household's
 * profile is read — `h.` on a household, `t.household_` on a task, which carries it.
 */
interface Rows {
  withTasks: boolean;
  profile: "h." | "t.household_";
}

/** The SQL of the dimension's value over the rows. Every expression is fixed here: no client text reaches SQL. */
function expressionOf(dimension: D, { withTasks, profile }: Rows): string {
  switch (dimension) {
    case D.WARD:
      return "w.id";
    case D.AREA:
      return `${profile}area`;
    case D.CLASSIFICATION:
      return `${profile}classification`;
    case D.DEPRIVATION:
      return "d.indicator";
    case D.DIMENSION:
      return "d.dimension";
    case D.POVERTY_CAUSE:
      return "c.cause";
    case D.MEASURE:
      return "t.measure_id";
    case D.AGENCY:
      return "t.owner_agency_id";
    case D.TASK_STATUS:
      return "t.status";
    case D.YEAR:
      return withTasks
        ? "CAST(EXTRACT(YEAR FROM t.created_at) AS int)"
        : "CAST(EXTRACT(YEAR FROM r.ends_on) AS int)";
  }
}

const dimensionOfIndicator = (indicator: string) =>
  `CASE ${indicator} ${Object.entries(dimensionOf)
    .map(([i, dim]) => `WHEN '${i}' THEN '${dim}'`)
    .join(" ")} END`;

const subFilters = (f: StatsFilter): StatsFilter[] => [
  ...(f.and ?? []),
  ...(f.or ?? []),
  ...(f.not ? [f.not] : []),
];

/** Whether the filter, at any depth, has a condition `has` picks out. */
function filterUses(
  filter: StatsFilter | undefined,
  has: (f: StatsFilter) => unknown,
  depth = 0,
): boolean {
  if (!filter || depth > MAX_FILTER_DEPTH) return false;
  if (has(filter)) return true;
  return subFilters(filter).some((f) => filterUses(f, has, depth + 1));
}

/** A code a filter names: a ward's, a support measure's or an agency's. */
export interface NamedCode {
  kind: "ward" | "measure" | "agency";
  code: string;
}

/** Every ward, measure and agency code the filter names, at any depth. */
export function codesOf(filter: StatsFilter | undefined, depth = 0): NamedCode[] {
  if (!filter || depth > MAX_FILTER_DEPTH) return [];
  const named = (kind: NamedCode["kind"], c: CodeCondition | undefined) =>
    c
      ? [...(c.eq !== undefined && c.eq !== null ? [c.eq] : []), ...(c.in ?? [])].map((code) => ({
          kind,
          code,
        }))
      : [];
  return [
    ...named("ward", filter.ward),
    ...named("measure", filter.measure),
    ...named("agency", filter.agency),
    ...subFilters(filter).flatMap((f) => codesOf(f, depth + 1)),
  ];
}

function listOrValue<T>(c: { eq?: T; in?: T[] }, column: string, bind: Bind): string[] {
  const parts: string[] = [];
  if (c.eq !== undefined && c.eq !== null) parts.push(`${column} = ${bind(c.eq)}`);
  if (c.in) parts.push(`${column} = ANY(${bind(c.in)})`);
  return parts;
}

function compare(c: IntCondition, expression: string, bind: Bind): string[] {
  const ops: [keyof IntCondition, string][] = [
    ["eq", "="],
    ["gt", ">"],
    ["gte", ">="],
    ["lt", "<"],
    ["lte", "<="],
  ];
  const parts = ops
    .filter(([k]) => typeof c[k] === "number")
    .map(([k, op]) => `${expression} ${op} ${bind(c[k])}`);
  if (c.in) parts.push(`${expression} = ANY(${bind(c.in)})`);
  return parts;
}

/** The filter as a SQL condition over the aliases of `statsSql`; TRUE when empty. Throws BAD_USER_INPUT when nested too deep. */
function conditionOf(f: StatsFilter, rows: Rows, bind: Bind, depth = 0): string {
  if (depth > MAX_FILTER_DEPTH)
    throw badInput("error.stats.filterDepth", { max: MAX_FILTER_DEPTH });
  const parts: string[] = [];
  const { profile } = rows;
  if (f.ward) parts.push(...listOrValue(f.ward, "w.code", bind));
  if (f.area?.eq) parts.push(`${profile}area = ${bind(f.area.eq)}`);
  if (f.classification)
    parts.push(...listOrValue(f.classification, `${profile}classification`, bind));
  if (f.deprivation) {
    const indicators = [
      ...(f.deprivation.in ?? []),
      ...(f.deprivation.eq ? [f.deprivation.eq] : []),
    ];
    parts.push(`${profile}deprivations && CAST(${bind(indicators)} AS text[])`);
  }
  if (f.dimension) {
    const dims: DeprivationDimension[] = [
      ...(f.dimension.in ?? []),
      ...(f.dimension.eq ? [f.dimension.eq] : []),
    ];
    const indicators = Object.values(DeprivationIndicator).filter((i) =>
      dims.includes(dimensionOf[i]),
    );
    parts.push(`${profile}deprivations && CAST(${bind(indicators)} AS text[])`);
  }
  if (f.povertyCause) {
    const causes = [
      ...(f.povertyCause.in ?? []),
      ...(f.povertyCause.eq ? [f.povertyCause.eq] : []),
    ];
    parts.push(`${profile}poverty_causes && CAST(${bind(causes)} AS smallint[])`);
  }
  if (f.measure) parts.push(...listOrValue(f.measure, "m.code", bind));
  if (f.agency) parts.push(...listOrValue(f.agency, "a.code", bind));
  if (f.taskStatus) parts.push(...listOrValue(f.taskStatus, "t.status", bind));
  if (f.year) parts.push(...compare(f.year, expressionOf(D.YEAR, rows), bind));
  for (const sub of f.and ?? []) parts.push(conditionOf(sub, rows, bind, depth + 1));
  // No alternative holds for nothing (as `in: []` does): an empty `or` must not drop the condition.
  if (f.or)
    parts.push(
      f.or.length > 0
        ? `(${f.or.map((sub) => conditionOf(sub, rows, bind, depth + 1)).join(" OR ")})`
        : "FALSE",
    );
  if (f.not) parts.push(`NOT (${conditionOf(f.not, rows, bind, depth + 1)})`);
  return parts.length > 0 ? `(${parts.join(" AND ")})` : "TRUE";
}

/**
 * The grouped count as SQL: rows are households, or tasks when a task dimension is grouped on or
 * filtered by, one row per deprivation or cause when those are grouped on. Scoped to what the viewer
 * may see. Throws BAD_USER_INPUT for repeated dimensions or filters nested too deep.
 *
 * Only the tables a question needs are joined. A question about households (not tasks) sums
 * maintained counts instead of reading every household (migration HouseholdProfileCounts): the
 * national profile counts when it names no ward, the counts per ward when it names no deprivation
 * or cause. Its answer is the same. A question about tasks reads their households only for the
 * ward or the viewer's scope: each task carries its household's profile (migration TaskHouseholdProfile).
 * Its distinct households are counted only `withHouseholds` (else `households` is NULL).
 */
export function statsSql(
  viewer: Viewer,
  groupBy: D[],
  filter: StatsFilter | undefined,
  having: CountCondition | undefined,
  maxGroups: number,
  withHouseholds = true,
): StatsSql {
  if (new Set(groupBy).size !== groupBy.length) throw badInput("error.stats.groupByTwice");
  const params: unknown[] = [];
  const bind = positionalParameters(params);
  const grouped = (...dims: D[]) => groupBy.some((g) => dims.includes(g));
  const filtered = (has: (f: StatsFilter) => unknown) => filterUses(filter, has);
  const withTasks =
    grouped(...TASK_DIMENSIONS) || filtered((f) => f.measure || f.agency || f.taskStatus);
  const withWard = grouped(D.WARD) || filtered((f) => f.ward);
  const householdScope = householdScopeSql(viewer, bind);
  const withIndicators =
    grouped(D.DEPRIVATION, D.DIMENSION, D.POVERTY_CAUSE) ||
    filtered((f) => f.deprivation || f.dimension || f.povertyCause);
  // Agency staff see households through their tasks: only the households themselves can say which.
  const countSource =
    withTasks || viewer.role === Role.AGENCY_STAFF
      ? null
      : !withWard && !householdScope
        ? "household_profile_count"
        : !withIndicators
          ? "household_ward_count"
          : null;
  const tasksWithHousehold = withWard || !!householdScope;
  const rows: Rows = {
    withTasks,
    profile: withTasks && !tasksWithHousehold ? "t.household_" : "h.",
  };
  const { profile } = rows;

  const joins = [
    ...(withTasks
      ? [
          "task_assignment t",
          ...(tasksWithHousehold ? ["JOIN household h ON h.id = t.household_id"] : []),
        ]
      : [`${countSource ?? "household"} h`]),
    ...(withWard ? ["JOIN ward w ON w.id = h.ward_id"] : []),
    ...(!withTasks && (grouped(D.YEAR) || filtered((f) => f.year))
      ? ["LEFT JOIN review r ON r.id = h.classified_in_review_id"]
      : []),
    ...(grouped(D.MEASURE) || filtered((f) => f.measure)
      ? ["JOIN support_measure m ON m.id = t.measure_id"]
      : []),
    ...(grouped(D.AGENCY) || filtered((f) => f.agency)
      ? ["JOIN agency a ON a.id = t.owner_agency_id"]
      : []),
    // DISTINCT: the database does not forbid an indicator or cause listed twice, and a household counts once per group.
    ...(grouped(D.DEPRIVATION)
      ? [
          `CROSS JOIN LATERAL (SELECT DISTINCT i, ${dimensionOfIndicator("i")} FROM unnest(${profile}deprivations) AS i) AS d(indicator, dimension)`,
        ]
      : []),
    // A household counts once per dimension it is deprived in; `count` still counts its indicators.
    ...(grouped(D.DIMENSION) && !grouped(D.DEPRIVATION)
      ? [
          `CROSS JOIN LATERAL (SELECT ${dimensionOfIndicator("i")}, count(DISTINCT i) FROM unnest(${profile}deprivations) AS i GROUP BY 1) AS d(dimension, indicators)`,
        ]
      : []),
    ...(grouped(D.POVERTY_CAUSE)
      ? [`CROSS JOIN LATERAL (SELECT DISTINCT unnest(${profile}poverty_causes)) AS c(cause)`]
      : []),
  ];
  const rowsPerHousehold = grouped(D.DIMENSION) && !grouped(D.DEPRIVATION) ? "d.indicators" : "1";
  const households = countSource ? "h.households" : "1";
  const count = `COALESCE(sum(${households} * ${rowsPerHousehold}), 0)`;
  // Distinct households of tasks cost a sort of every task read: counted only when asked for.
  const householdCount = !withTasks
    ? `COALESCE(sum(${households}), 0)`
    : withHouseholds
      ? "count(DISTINCT t.household_id)"
      : "NULL";

  const where = [
    householdScope,
    withTasks ? taskScopeSql(viewer, bind) : null,
    filter ? conditionOf(filter, rows, bind) : null,
  ].filter(Boolean);
  const keys = groupBy.map((g, i) => `${expressionOf(g, rows)} AS k${i}`);
  const groupKeys = groupBy.map((_, i) => `k${i}`);
  // Rows come in a stable, readable order: wards, measures and agencies by code, not by id.
  const SORT_BY_CODE: Partial<Record<D, string>> = {
    [D.WARD]: "min(w.code)",
    [D.MEASURE]: "min(m.code)",
    [D.AGENCY]: "min(a.code)",
  };
  const sortKeys = groupBy.map((g, i) => SORT_BY_CODE[g] ?? `k${i}`);
  // Counts of households since gone may sum to nothing: such a group does not exist.
  const havingParts = [
    ...(having ? compare(having, count, bind) : []),
    ...(countSource && groupKeys.length ? [`${count} > 0`] : []),
  ];
  const text = [
    `SELECT ${[...keys, `CAST(${count} AS int) AS count`, `CAST(${householdCount} AS int) AS households`].join(", ")}`,
    `FROM ${joins.join(" ")}`,
    where.length ? `WHERE ${where.join(" AND ")}` : "",
    groupKeys.length ? `GROUP BY ${groupKeys.join(", ")}` : "",
    havingParts.length ? `HAVING ${havingParts.join(" AND ")}` : "",
    groupKeys.length ? `ORDER BY ${sortKeys.join(", ")}` : "",
    `LIMIT ${maxGroups + 1}`,
  ].join(" ");
  return { text, params };
}

export const tooManyGroups = (max: number) =>
  new DomainError("QUERY_TOO_COMPLEX", "error.stats.tooManyGroups", { max });
