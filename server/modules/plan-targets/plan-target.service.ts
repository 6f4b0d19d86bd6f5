import type { DataSource, EntityManager } from "typeorm";
import type { Actor } from "../../shared/actor";
import { requireUuid } from "../../shared/ids";
import { PlanTarget } from "./plan-target.entity";
import type { PlanTargetFilter } from "./plan-target.inputs";

export class PlanTargetService {
  constructor(private readonly db: DataSource) {}

  /** The plan's targets matching the filter, by code. Throws BAD_USER_INPUT for a malformed ward id. */
  list(_actor: Actor, filter: PlanTargetFilter = {}): Promise<PlanTarget[]> {
    const q = this.db.getRepository(PlanTarget).createQueryBuilder("t").orderBy("t.code");
    if (filter.year !== undefined && filter.year !== null)
      q.andWhere("(t.year = :year OR t.year IS NULL)", { year: filter.year });
    if (filter.metrics) q.andWhere("t.metric = ANY(:metrics)", { metrics: filter.metrics });
    if (filter.measureCodes) {
      q.andWhere(
        "t.measure_id IN (SELECT id FROM support_measure WHERE code = ANY(:measureCodes))",
        { measureCodes: filter.measureCodes },
      );
    }
    if (filter.wardIds) {
      q.andWhere("t.ward_id = ANY(:wardIds)", {
        wardIds: filter.wardIds.map((id) => requireUuid(id, "filter.wardIds")),
      });
    }
    return q.getMany();
  }
}

/** Creates the plan's targets, in the caller's transaction. */
export async function createTargets(
  _actor: Actor,
  tx: EntityManager,
  targets: Omit<PlanTarget, "id">[],
): Promise<void> {
  await tx.insert(PlanTarget, targets);
}
