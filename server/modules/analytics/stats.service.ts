import type { DataSource } from "typeorm";
import type { Viewer } from "../../shared/auth";
import { StatsDimension, type StatsFilter } from "./stats.inputs";
import { statsSql, tooManyGroups, type CountCondition } from "./stats.sql";
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
   * Counts grouped by any combination of dimensions, within what the viewer may see. Throws
   * BAD_USER_INPUT for a bad filter, QUERY_TOO_COMPLEX beyond MAX_GROUPS groups. Without
   * `withHouseholds`, rows about tasks may leave `households` null.
   */
  async stats(viewer: Viewer, groupBy: StatsDimension[], filter?: StatsFilter, having?: CountCondition, withHouseholds = true): Promise<StatsRow[]> {
    const { text, params } = statsSql(viewer, groupBy, filter, having, MAX_GROUPS, withHouseholds);
    const rows: Record<string, unknown>[] = await this.db.query(text, params);
    if (rows.length > MAX_GROUPS) throw tooManyGroups(MAX_GROUPS);
    return rows.map((raw) => {
      const row = Object.fromEntries(Object.values(FIELD).map((f) => [f, null])) as unknown as StatsRow;
      groupBy.forEach((dimension, i) => Object.assign(row, { [FIELD[dimension]]: raw[`k${i}`] }));
      return Object.assign(row, { count: raw.count as number, households: raw.households as number });
    });
  }
}
