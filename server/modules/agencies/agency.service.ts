import type { DataSource, EntityManager } from "typeorm";
import type { Actor } from "../../shared/actor";
import { Agency } from "./agency.entity";

export class AgencyService {
  constructor(private readonly db: DataSource) {}

  /** City departments and partners first, then the wards' People's Committees, each by code. */
  list(_actor: Actor): Promise<Agency[]> {
    return this.db
      .getRepository(Agency)
      .createQueryBuilder("a")
      .orderBy("a.kind = 'WARD_PEOPLES_COMMITTEE'")
      .addOrderBy("a.code")
      .getMany();
  }

  /** The agencies with the ids, for the per-request loader. */
  byIds(_actor: Actor, ids: readonly string[]): Promise<Agency[]> {
    return this.db
      .getRepository(Agency)
      .createQueryBuilder("a")
      .where("a.id = ANY(:ids)", { ids })
      .getMany();
  }
}

/** Creates agencies (the plan's data), in the caller's transaction. Returns them as stored, in the given order. */
export function createAgencies(
  _actor: Actor,
  tx: EntityManager,
  agencies: Omit<Agency, "id">[],
): Promise<Agency[]> {
  return tx.save(
    Agency,
    agencies.map((a) => tx.create(Agency, a)),
  );
}
