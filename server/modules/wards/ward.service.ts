import { In, type DataSource, type EntityManager } from "typeorm";
import { badInput, notFound } from "../../shared/errors";
import type { Actor } from "../../shared/actor";
import { Ward, WardHouseholdTotal } from "./ward.entity";
import { wardValidOnSql } from "../../shared/ward-validity.sql";

export class WardService {
  constructor(private readonly db: DataSource) {}

  /** Every ward the platform knows, current and past, by code then start of validity. */
  list(_actor: Actor): Promise<Ward[]> {
    return this.db
      .getRepository(Ward)
      .createQueryBuilder("w")
      .orderBy("w.code")
      .addOrderBy("w.valid_from", "ASC", "NULLS FIRST")
      .getMany();
  }

  /** The wards with the ids, for the per-request loader. */
  byIds(_actor: Actor, ids: readonly string[]): Promise<Ward[]> {
    return this.db
      .getRepository(Ward)
      .createQueryBuilder("w")
      .where("w.id = ANY(:ids)", { ids })
      .getMany();
  }

  /** The wards' household totals by year, for the per-request loader. */
  householdTotalsOf(_actor: Actor, wardIds: readonly string[]): Promise<WardHouseholdTotal[]> {
    return this.db
      .getRepository(WardHouseholdTotal)
      .createQueryBuilder("t")
      .where("t.ward_id = ANY(:wardIds)", { wardIds })
      .orderBy("t.year")
      .getMany();
  }

  /**
   * The wards carrying the codes today, one per code at most (codes are reused across years: a
   * code's ward is the one valid today). A code no ward carries today is left out; never throws
   * for an unknown or malformed code.
   */
  byCodesToday(_actor: Actor, codes: readonly string[]): Promise<Ward[]> {
    return this.db
      .getRepository(Ward)
      .createQueryBuilder("w")
      .where("w.code = ANY(:codes)", { codes })
      .andWhere(wardValidOnSql("w", "current_date"))
      .getMany();
  }

  /** The ward carrying the code on the day (codes are reused across years). Throws BAD_USER_INPUT for a malformed code, NOT_FOUND when no ward carries it then. */
  async byCodeOn(_actor: Actor, tx: EntityManager, code: string, day: string): Promise<Ward> {
    if (!/^[0-9]{5}$/.test(code))
      throw badInput(
        "error.input.wardCode",
        { value: code.slice(0, 20) },
        { argument: "wardCode" },
      );
    const ward = await tx
      .getRepository(Ward)
      .createQueryBuilder("w")
      .where("w.code = :code", { code })
      .andWhere(wardValidOnSql("w", "CAST(:day AS date)"), { day })
      .getOne();
    if (!ward) throw notFound("error.notFound.wardOn", { code, day });
    return ward;
  }

  /** The ward that carries the households of `wardId` on the day: itself, or its successor after administrative changes. */
  async carrying(_actor: Actor, tx: EntityManager, wardId: string, day: string): Promise<Ward> {
    const [{ id }] = await tx.query(`SELECT ward_on($1, $2) AS id`, [wardId, day]);
    return tx.getRepository(Ward).findOneByOrFail({ id });
  }
}

/** Creates wards valid from the beginning (the plan's data), in the caller's transaction. Returns them as stored, in the given order. */
export function createWards(
  _actor: Actor,
  tx: EntityManager,
  wards: Pick<Ward, "code" | "name" | "kind">[],
): Promise<Ward[]> {
  return tx.save(
    Ward,
    wards.map((w) =>
      tx.create(Ward, {
        code: w.code,
        name: w.name,
        kind: w.kind,
        validFrom: null,
        validUntil: null,
      }),
    ),
  );
}

/** Ends the wards' validity on the day (they exist until the day before), in the caller's transaction. */
export async function endWards(
  _actor: Actor,
  tx: EntityManager,
  wardIds: string[],
  on: string,
): Promise<void> {
  await tx.getRepository(Ward).update({ id: In(wardIds) }, { validUntil: on });
}

/** Creates a ward valid from the day, in the caller's transaction. */
export function openWard(
  _actor: Actor,
  tx: EntityManager,
  ward: Pick<Ward, "code" | "name" | "kind" | "validFrom">,
): Promise<Ward> {
  return tx.save(Ward, tx.create(Ward, { ...ward, validUntil: null }));
}

/** Records how many households wards had in given years, in the caller's transaction. */
export async function recordHouseholdTotals(
  _actor: Actor,
  tx: EntityManager,
  totals: Pick<WardHouseholdTotal, "wardId" | "year" | "householdsTotal">[],
): Promise<void> {
  await tx.insert(WardHouseholdTotal, totals);
}
