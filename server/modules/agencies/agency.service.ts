import type { DataSource } from "typeorm";
import { Agency } from "./agency.entity";

export class AgencyService {
  constructor(private readonly db: DataSource) {}

  /** City departments and partners first, then the wards' People's Committees, each by code. */
  list(): Promise<Agency[]> {
    return this.db
      .getRepository(Agency)
      .createQueryBuilder("a")
      .orderBy("a.kind = 'WARD_PEOPLES_COMMITTEE'")
      .addOrderBy("a.code")
      .getMany();
  }

  byIds(ids: readonly string[]): Promise<Agency[]> {
    return this.db.getRepository(Agency).createQueryBuilder("a").where("a.id = ANY(:ids)", { ids }).getMany();
  }
}
