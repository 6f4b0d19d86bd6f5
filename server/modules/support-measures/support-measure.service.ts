import type { DataSource, EntityManager } from "typeorm";
import type { Actor } from "../../shared/actor";
import { SupportMeasure } from "./support-measure.entity";

export class SupportMeasureService {
  constructor(private readonly db: DataSource) {}

  /** Every measure of the plan, by code: public to every role. */
  list(_actor: Actor): Promise<SupportMeasure[]> {
    return this.db
      .getRepository(SupportMeasure)
      .createQueryBuilder("m")
      .orderBy("m.code")
      .getMany();
  }

  /** The measures with the ids, for the per-request loader. */
  byIds(_actor: Actor, ids: readonly string[]): Promise<SupportMeasure[]> {
    return this.db
      .getRepository(SupportMeasure)
      .createQueryBuilder("m")
      .where("m.id = ANY(:ids)", { ids })
      .getMany();
  }
}

/** Creates support measures (the plan's data), in the caller's transaction. Returns them as stored, in the given order. */
export function createMeasures(
  _actor: Actor,
  tx: EntityManager,
  measures: Omit<SupportMeasure, "id">[],
): Promise<SupportMeasure[]> {
  return tx.save(
    SupportMeasure,
    measures.map((m) => tx.create(SupportMeasure, m)),
  );
}
