import type { DataSource } from "typeorm";
import type { Actor } from "../../shared/actor";
import { badInput } from "../../shared/errors";
import { StatsDimension, type StatsFilter } from "./stats.inputs";
import { codesOf, statsSql, tooManyGroups, type CountCondition, type NamedCode } from "./stats.sql";
import type { StatsRow } from "./stats.types";

const MAX_GROUPS = 10_000;

/** The row field each dimension fills. */
const FIELD: Record<StatsDimension, keyof StatsRow> = {
  WARD: "wardId",
  AREA: "area",
  CLASSIFICATION: "classification",
  DEPRIVATION: "deprivation",
  DIMENSION: "dimension",
  POVERTY_CAUSE: "povertyCause",
  MEASURE: "measureId",
  AGENCY: "agencyId",
  TASK_STATUS: "taskStatus",
  YEAR: "year",
};

export class StatsService {
  constructor(private readonly db: DataSource) {}

  /**
   * Counts grouped by any combination of dimensions, within what the actor may see. Throws
   * BAD_USER_INPUT for a bad filter, QUERY_TOO_COMPLEX beyond MAX_GROUPS groups. Without
   * `withHouseholds`, rows about tasks may leave `households` null.
   */
  async stats(
    { viewer }: Actor,
    groupBy: StatsDimension[],
    filter?: StatsFilter,
    having?: CountCondition,
    withHouseholds = true,
  ): Promise<StatsRow[]> {
    const { text, params } = statsSql(viewer, groupBy, filter, having, MAX_GROUPS, withHouseholds);
    await this.requireKnown(codesOf(filter));
    const rows: Record<string, unknown>[] = await this.db.query(text, params);
    if (rows.length > MAX_GROUPS) throw tooManyGroups(MAX_GROUPS);
    return rows.map((raw) => {
      const row = Object.fromEntries(
        Object.values(FIELD).map((f) => [f, null]),
      ) as unknown as StatsRow;
      groupBy.forEach((dimension, i) => Object.assign(row, { [FIELD[dimension]]: raw[`k${i}`] }));
      return Object.assign(row, {
        count: raw.count as number,
        households: raw.households as number,
      });
    });
  }

  /** Throws BAD_USER_INPUT for a code that names no ward (of any year), measure or agency: a typo would otherwise count zero. */
  private async requireKnown(codes: NamedCode[]): Promise<void> {
    if (codes.length === 0) return;
    const [unknown]: NamedCode[] = await this.db.query(
      `SELECT x.kind, x.code FROM jsonb_to_recordset($1::jsonb) AS x(kind text, code text)
        WHERE NOT CASE x.kind WHEN 'ward' THEN EXISTS (SELECT 1 FROM ward WHERE code = x.code)
                              WHEN 'measure' THEN EXISTS (SELECT 1 FROM support_measure WHERE code = x.code)
                              ELSE EXISTS (SELECT 1 FROM agency WHERE code = x.code) END
        LIMIT 1`,
      [JSON.stringify(codes)],
    );
    if (unknown)
      throw badInput(
        "error.stats.unknownCode",
        { kind: unknown.kind, code: unknown.code.slice(0, 40) },
        { argument: "filter" },
      );
  }
}
