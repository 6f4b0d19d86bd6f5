import type { DataSource, EntityManager } from "typeorm";
import { In } from "typeorm";
import { calendarDate, todayIso } from "../../shared/dates";
import { DomainError, badInput } from "../../shared/errors";
import { Agency, AgencyKind, createAgencies } from "../agencies";
import { moveToWard } from "../households";
import { TaskEventKind, changeTasks, lockOpenTasks } from "../tasks";
import { Ward, endWards, openWard, type WardService } from "../wards";
import { AdministrativeChange } from "./administrative-change.entity";
import type { AdministrativeChangeInput } from "./administrative-change.inputs";
import { systemActor, type Actor } from "../../shared/actor";

/** Serialises changes of the ward map across instances; imports hold it shared, so no household lands in a ward that is ending meanwhile. */
export const WARD_MAP_LOCK = 5_402_025;

/** Who history says moved the tasks of a change applied: the platform, whoever recorded the change. */
export const WARD_CHANGE_ACTOR = systemActor("administrative-change");

const dayBefore = (day: string) =>
  new Date(Date.parse(`${day}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);

export class AdministrativeChangeService {
  constructor(
    private readonly db: DataSource,
    private readonly wards: WardService,
  ) {}

  async list(_actor: Actor): Promise<AdministrativeChange[]> {
    const changes = await this.db
      .getRepository(AdministrativeChange)
      .find({ order: { effectiveOn: "ASC", id: "ASC" } });
    return this.withPredecessors(this.db.manager, changes);
  }

  /**
   * Records a change of the ward map: the predecessors end on the effective date and the successor
   * (new, or a ward that continues) carries their households from then on; a change already in
   * effect is applied at once, a later one when its day comes (applyDue). Throws BAD_USER_INPUT or
   * NOT_FOUND for wards that do not exist or have ended the day before, CONFLICT for a code still
   * carried by another ward.
   */
  async record(actor: Actor, input: AdministrativeChangeInput): Promise<AdministrativeChange> {
    const effectiveOn = calendarDate(input.effectiveOn, "effectiveOn");
    const codes = [...new Set(input.predecessorWardCodes)];
    if (codes.length === 0)
      throw badInput("error.wardChange.noPredecessor", {}, { argument: "predecessorWardCodes" });
    const change = await this.db.transaction(async (tx) => {
      await tx.query(`SELECT pg_advisory_xact_lock($1)`, [WARD_MAP_LOCK]);
      const eve = dayBefore(effectiveOn);
      const predecessors = await Promise.all(
        codes.map((code) => this.wards.byCodeOn(actor, tx, code, eve)),
      );
      const ended = predecessors.find((w) => w.validUntil !== null);
      if (ended)
        throw new DomainError("CONFLICT", "error.wardChange.alreadyEnded", {
          name: ended.name,
          code: ended.code,
          day: String(ended.validUntil),
        });
      const [laterOrigin] = await tx.query(
        `SELECT effective_on FROM administrative_change WHERE successor_ward_id = ANY($1) AND effective_on >= $2 LIMIT 1`,
        [predecessors.map((w) => w.id), effectiveOn],
      );
      if (laterOrigin)
        throw new DomainError("CONFLICT", "error.wardChange.endsBeforeStart", {
          day: String(laterOrigin.effective_on),
        });
      const successor = await this.successorOf(actor, tx, input, effectiveOn, predecessors);
      await endWards(
        actor,
        tx,
        predecessors.map((w) => w.id),
        effectiveOn,
      );
      const saved = await tx.getRepository(AdministrativeChange).save(
        tx.getRepository(AdministrativeChange).create({
          successorWardId: successor.id,
          effectiveOn,
          legalBasis: input.legalBasis?.trim() || null,
          recordedBy: actor.name,
          appliedAt: null,
        }),
      );
      await tx.query(
        `INSERT INTO administrative_change_predecessor (change_id, ward_id) SELECT $1, unnest($2::uuid[])`,
        [saved.id, predecessors.map((w) => w.id)],
      );
      return saved;
    });
    // Applying now is a courtesy: if it fails, the scheduler applies the recorded change.
    await this.applyDue(WARD_CHANGE_ACTOR).catch(() => 0);
    const [withPredecessors] = await this.withPredecessors(this.db.manager, [
      await this.db.getRepository(AdministrativeChange).findOneByOrFail({ id: change.id }),
    ]);
    return withPredecessors;
  }

  /**
   * Applies every recorded change whose day has come and that no instance has applied, in the order
   * they take effect: each in its own transaction under the ward-map lock, so each is applied exactly
   * once and a chain of changes (A→B, then B→C) ends where the map does. Returns how many it applied.
   */
  async applyDue(actor: Actor, today: string = todayIso()): Promise<number> {
    let applied = 0;
    for (;;) {
      const done = await this.db.transaction(async (tx) => {
        await tx.query(`SELECT pg_advisory_xact_lock($1)`, [WARD_MAP_LOCK]);
        const [due] = await tx.query(
          `SELECT id FROM administrative_change WHERE applied_at IS NULL AND effective_on <= $1 ORDER BY effective_on, recorded_at, id LIMIT 1`,
          [today],
        );
        if (!due) return false;
        const [change] = await this.withPredecessors(tx, [
          await tx.getRepository(AdministrativeChange).findOneByOrFail({ id: due.id }),
        ]);
        await this.apply(tx, actor, change, today);
        return true;
      });
      if (!done) return applied;
      applied += 1;
    }
  }

  /** Moves the predecessors' households and open tasks (with their owning ward committees) to the successor. */
  private async apply(
    tx: EntityManager,
    actor: Actor,
    change: AdministrativeChange,
    today: string,
  ): Promise<void> {
    const from = change.predecessorWardIds;
    // The successor may itself have ended since (a later change applied before this one was due).
    const [{ id: to }]: { id: string }[] = await tx.query(`SELECT ward_on($1, $2) AS id`, [
      change.successorWardId,
      today,
    ]);
    await moveToWard(actor, tx, from, to);
    const committees = await tx.getRepository(Agency).findBy({ wardId: In([...from, to]) });
    const successorCommittee = committees.find((a) => a.wardId === to)?.id;
    const replaced = new Set(committees.filter((a) => a.wardId !== to).map((a) => a.id));
    const swap = (id: string) => (replaced.has(id) && successorCommittee ? successorCommittee : id);
    const tasks = await lockOpenTasks(tx, { wardIds: from });
    await changeTasks(
      tx,
      actor,
      tasks,
      (task) => ({
        wardId: to,
        ownerAgencyId: swap(task.ownerAgencyId),
        supportingAgencyIds: [...new Set(task.supportingAgencyIds.map(swap))],
      }),
      TaskEventKind.MOVED,
    );
    await tx
      .getRepository(AdministrativeChange)
      .update({ id: change.id }, { appliedAt: new Date() });
  }

  private async successorOf(
    actor: Actor,
    tx: EntityManager,
    input: AdministrativeChangeInput,
    effectiveOn: string,
    predecessors: Ward[],
  ): Promise<Ward> {
    if (!input.newSuccessor) {
      const continuing = await this.wards.byCodeOn(actor, tx, input.successorWardCode, effectiveOn);
      if (predecessors.some((w) => w.id === continuing.id))
        throw badInput(
          "error.wardChange.successorIsPredecessor",
          {},
          { argument: "predecessorWardCodes" },
        );
      return continuing;
    }
    const name = input.newSuccessor.name.trim();
    if (!name) throw badInput("error.wardChange.needsName", {}, { argument: "newSuccessor.name" });
    if (!/^[0-9]{5}$/.test(input.successorWardCode))
      throw badInput(
        "error.input.wardCode",
        { value: input.successorWardCode.slice(0, 20) },
        { argument: "successorWardCode" },
      );
    const holder = await tx
      .getRepository(Ward)
      .createQueryBuilder("w")
      .where("w.code = :code", { code: input.successorWardCode })
      .andWhere("(w.valid_until IS NULL OR w.valid_until > :effectiveOn)", { effectiveOn })
      .andWhere("w.id <> ALL(:ending)", { ending: predecessors.map((w) => w.id) })
      .getOne();
    if (holder)
      throw new DomainError("CONFLICT", "error.wardChange.codeTaken", {
        code: holder.code,
        name: holder.name,
        day: effectiveOn,
      });
    const ward = await openWard(actor, tx, {
      code: input.successorWardCode,
      name,
      kind: input.newSuccessor.kind,
      validFrom: effectiveOn,
    });
    const taken = await tx.getRepository(Agency).existsBy({ code: `WARD:${ward.code}` });
    await createAgencies(actor, tx, [
      {
        code: taken ? `WARD:${ward.code}:${effectiveOn.slice(0, 4)}` : `WARD:${ward.code}`,
        nameVi: `UBND ${ward.kind === "PHUONG" ? "phường" : "xã"} ${name}`,
        nameEn: `People's Committee of ${name}`,
        kind: AgencyKind.WARD_PEOPLES_COMMITTEE,
        wardId: ward.id,
        isSecretariat: false,
      },
    ]);
    return ward;
  }

  private async withPredecessors(
    tx: EntityManager,
    changes: AdministrativeChange[],
  ): Promise<AdministrativeChange[]> {
    if (changes.length === 0) return changes;
    const rows: { change_id: string; ward_id: string }[] = await tx.query(
      `SELECT change_id, ward_id FROM administrative_change_predecessor WHERE change_id = ANY($1)`,
      [changes.map((c) => c.id)],
    );
    return changes.map((c) =>
      Object.assign(c, {
        predecessorWardIds: rows.filter((r) => r.change_id === c.id).map((r) => r.ward_id),
      }),
    );
  }
}
