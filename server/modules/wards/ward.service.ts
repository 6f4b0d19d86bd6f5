import type { DataSource } from "typeorm";
import { Ward, WardHouseholdTotal } from "./ward.entity";

export class WardService {
  constructor(private readonly db: DataSource) {}

  /** Every ward the platform knows, current and past, by code then start of validity. */
  list(): Promise<Ward[]> {
    return this.db.getRepository(Ward).createQueryBuilder("w").orderBy("w.code").addOrderBy("w.valid_from", "ASC", "NULLS FIRST").getMany();
  }

  byIds(ids: readonly string[]): Promise<Ward[]> {
    return this.db.getRepository(Ward).createQueryBuilder("w").where("w.id = ANY(:ids)", { ids }).getMany();
  }

  householdTotalsOf(wardIds: readonly string[]): Promise<WardHouseholdTotal[]> {
    return this.db
      .getRepository(WardHouseholdTotal)
      .createQueryBuilder("t")
      .where("t.ward_id = ANY(:wardIds)", { wardIds })
      .orderBy("t.year")
      .getMany();
  }
}
