import type { DataSource } from "typeorm";
import { SupportMeasure } from "./support-measure.entity";

export class SupportMeasureService {
  constructor(private readonly db: DataSource) {}

  list(): Promise<SupportMeasure[]> {
    return this.db.getRepository(SupportMeasure).createQueryBuilder("m").orderBy("m.code").getMany();
  }

  byIds(ids: readonly string[]): Promise<SupportMeasure[]> {
    return this.db.getRepository(SupportMeasure).createQueryBuilder("m").where("m.id = ANY(:ids)", { ids }).getMany();
  }
}
