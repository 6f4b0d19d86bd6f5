import { randomUUID } from "node:crypto";
import type { DataSource, EntityManager } from "typeorm";
import type { Viewer } from "../../shared/auth";
import { badInput, notFound } from "../../shared/errors";
import { requireUuid } from "../../shared/ids";
import { keysetPage, type KeysetOrder, type KeysetPage } from "../../shared/pagination";
import { namedParameters } from "../../shared/sql-parameters";
import type { FundingService } from "../funding";
import { Household, requireHouseholdWriter, type HouseholdService } from "../households";
import type { RoutingService } from "../routing";
import {
  TaskAssignment,
  TaskEventKind,
  WORKING_TASK_STATUSES,
  recordTaskEvents,
  type TaskChangeListener,
} from "../tasks";
import { HouseholdPlanEvent, PlanEventKind } from "./household-plan-event.entity";
import { appendPlanEvents, snapshotOfPlan } from "./plan-events";
import { HouseholdPlan } from "./household-plan.entity";
import { notOnTheLists, secondPlan, stalePlan } from "./household-plan.errors";
import type { PlanFieldsInput, PlanFundingLineInput } from "./household-plan.inputs";
import { refreshRisk } from "./plan-risk";
import { ESCAPING, planFields, planMentors, requirePlanYear } from "./plan-rules";
import { planScopeSql } from "./plan-scope";
import type { Actor } from "../../shared/actor";

const OLDEST_FIRST: KeysetOrder<HouseholdPlan> = {
  list: "householdPlan",
  alias: "p",
  column: "created_at",
  sqlType: "timestamptz",
  sortKeyOf: (p) => p.createdAt.toISOString(),
  validSortKey: /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/,
};
const MAX_MENTORED = 100;

/**
 * Household escape plans: one per poor or near-poor household and year, written by the household's
 * ward; every change versioned and on the plan's audit trail, in the transaction that makes it.
 */
export class HouseholdPlanService {
  constructor(
    private readonly db: DataSource,
    private readonly households: HouseholdService,
    private readonly routing: RoutingService,
    private readonly funding: FundingService,
  ) {}

  /** The plan, or null when none has the id or the viewer may not see it. Throws BAD_USER_INPUT when the id is not a UUID. */
  findById(actor: Actor, id: string): Promise<HouseholdPlan | null> {
    return this.visible(actor.viewer)
      .andWhere("p.id = :id", { id: requireUuid(id, "id") })
      .getOne();
  }

  byIds(ids: readonly string[]): Promise<HouseholdPlan[]> {
    return this.db
      .getRepository(HouseholdPlan)
      .createQueryBuilder("p")
      .where("p.id = ANY(:ids)", { ids })
      .getMany();
  }

  /** One page of the year's plans the viewer may see (of one ward if given), oldest first. Throws BAD_USER_INPUT for the year, page size or cursor. */
  page(
    actor: Actor,
    year: number,
    wardCode: string | null | undefined,
    first?: number | null,
    after?: string | null,
  ): Promise<KeysetPage<HouseholdPlan>> {
    const q = this.visible(actor.viewer).andWhere("p.year = :year", {
      year: requirePlanYear(year, "year"),
    });
    if (wardCode)
      q.andWhere("h.ward_id IN (SELECT w.id FROM ward w WHERE w.code = :wardCode)", { wardCode });
    return keysetPage(q, OLDEST_FIRST, first, after);
  }

  /** "My households": the plans naming the viewer as a mentor (of the year if given), oldest first, at most 100. */
  mentoredBy({ viewer }: Actor, year?: number | null): Promise<HouseholdPlan[]> {
    const q = this.db
      .getRepository(HouseholdPlan)
      .createQueryBuilder("p")
      .where("p.mentors @> CAST(:mentor AS jsonb)", {
        mentor: JSON.stringify([{ userId: viewer.userId }]),
      });
    if (year !== undefined && year !== null) q.andWhere("p.year = :year", { year });
    return q.orderBy("p.created_at").addOrderBy("p.id").limit(MAX_MENTORED).getMany();
  }

  historyOf(_actor: Actor, planIds: readonly string[]): Promise<HouseholdPlanEvent[]> {
    return this.db
      .getRepository(HouseholdPlanEvent)
      .createQueryBuilder("e")
      .where("e.plan_id = ANY(:planIds)", { planIds })
      .orderBy("e.id")
      .getMany();
  }

  /** The tasks of the plans' households (the plan's measures), oldest first. */
  tasksOf(_actor: Actor, householdIds: readonly string[]): Promise<TaskAssignment[]> {
    return this.db
      .getRepository(TaskAssignment)
      .createQueryBuilder("t")
      .where("t.household_id = ANY(:householdIds)", { householdIds })
      .orderBy("t.created_at")
      .addOrderBy("t.id")
      .getMany();
  }

  /**
   * Makes the household's plan for the year. Throws BAD_USER_INPUT for a year or target year outside
   * the plan, inconsistent fields, a bad mentor, or a household not poor or near-poor in that year's
   * review; CONFLICT when the household already has a plan that year; FORBIDDEN outside the viewer's
   * ward; NOT_FOUND for the household.
   */
  create(
    who: Actor,
    householdId: string,
    year: number,
    input: PlanFieldsInput,
  ): Promise<HouseholdPlan> {
    requirePlanYear(year, "year");
    return this.db.transaction(async (tx) => {
      const household = await this.households.lock(who, tx, householdId);
      requireHouseholdWriter(who.viewer, household);
      return this.createIn(who, tx, household, year, input, PlanEventKind.CREATED);
    });
  }

  /** Replaces the plan's fields. Throws as `create` does, and CONFLICT for a stale version. */
  update(who: Actor, id: string, version: number, input: PlanFieldsInput): Promise<HouseholdPlan> {
    return this.db.transaction(async (tx) => {
      const { plan, household } = await this.lockSeen(who, tx, id, version);
      return this.updateIn(who, tx, plan, household, input, PlanEventKind.UPDATED);
    });
  }

  /** A household's plan in the caller's transaction (the plan sheet's import); the household is locked by the caller. */
  async createIn(
    who: Actor,
    tx: EntityManager,
    household: Household,
    year: number,
    input: PlanFieldsInput,
    kind: PlanEventKind,
  ): Promise<HouseholdPlan> {
    const fields = planFields(input, year);
    await this.requireOnTheLists(tx, household, year);
    const existing = await tx
      .getRepository(HouseholdPlan)
      .findOneBy({ householdId: household.id, year });
    if (existing) throw secondPlan(household.code, existing);
    const mentors = await this.mentorsFor(tx, household, input);
    const [later]: { year: number | null }[] = await tx.query(
      `SELECT min(year) AS year FROM household_plan WHERE household_id = $1 AND year > $2`,
      [household.id, year],
    );
    const plan = tx.create(HouseholdPlan, {
      ...fields,
      householdId: household.id,
      wardId: household.wardId,
      classification: household.classification,
      year,
      supersededIn: later?.year ?? null,
      mentors,
      fundingLines: [],
      riskReasons: [],
      version: 1,
    });
    await tx.getRepository(HouseholdPlan).insert(plan);
    // The household's earlier plans are in force only up to this one's year.
    await tx.query(
      `UPDATE household_plan SET superseded_in = $2 WHERE household_id = $1 AND year < $2 AND (superseded_in IS NULL OR superseded_in > $2)`,
      [household.id, year],
    );
    await this.record(tx, who, plan.id, kind, null);
    return this.reread(tx, plan.id);
  }

  /** Replaces a locked plan's fields in the caller's transaction. */
  async updateIn(
    who: Actor,
    tx: EntityManager,
    plan: HouseholdPlan,
    household: Household,
    input: PlanFieldsInput,
    kind: PlanEventKind,
  ): Promise<HouseholdPlan> {
    const fields = planFields(input, plan.year);
    const mentors = await this.mentorsFor(tx, household, input);
    return this.change(tx, who, plan, { ...fields, mentors }, kind);
  }

  /**
   * Adds a measure the ward chose to the plan: it becomes a task of the measure's lead agency,
   * routed as rule-made tasks are (the agency hears of it). Throws BAD_USER_INPUT for an unknown
   * measure or one the household has an open task for; CONFLICT for a stale version.
   */
  addMeasure(who: Actor, id: string, version: number, measureCode: string): Promise<HouseholdPlan> {
    return this.db.transaction(async (tx) => {
      const { plan, household } = await this.lockSeen(who, tx, id, version);
      const [measure]: { id: string }[] = await tx.query(
        `SELECT id FROM support_measure WHERE code = $1`,
        [measureCode],
      );
      if (!measure)
        throw badInput(
          "error.input.unknownMeasure",
          { code: measureCode },
          { argument: "measureCode" },
        );
      const [task] = await this.routing.routeChosenMeasures(who, tx, household, [measure.id]);
      if (!task)
        throw badInput(
          "error.plan.openTaskExists",
          { code: measureCode },
          { argument: "measureCode" },
        );
      return this.change(
        tx,
        who,
        plan,
        {},
        PlanEventKind.MEASURE_ADDED,
        `${measureCode}: task ${task.id}`,
      );
    });
  }

  /**
   * Adds a funding line for one of the household's open tasks; it stays a risk until Finance and
   * Planning allocates it. Throws BAD_USER_INPUT for a task not the household's or not open, an
   * unknown source or a bad amount; CONFLICT for a stale version.
   */
  addFundingLine(
    who: Actor,
    id: string,
    version: number,
    line: PlanFundingLineInput,
  ): Promise<HouseholdPlan> {
    if (!Number.isSafeInteger(line.amount) || line.amount <= 0)
      throw badInput("error.funding.positiveAmount", {}, { argument: "amount" });
    return this.db.transaction(async (tx) => {
      const { plan } = await this.lockSeen(who, tx, id, version);
      const [task]: { status: string }[] = await tx.query(
        `SELECT status FROM task_assignment WHERE id = $1 AND household_id = $2`,
        [requireUuid(line.taskId, "taskId"), plan.householdId],
      );
      if (!task) throw badInput("error.plan.foreignTask", {}, { argument: "taskId" });
      if (!(WORKING_TASK_STATUSES as string[]).includes(task.status))
        throw badInput("error.funding.closedTask", { status: task.status }, { argument: "taskId" });
      const [source] = await tx.query(`SELECT 1 FROM funding_source WHERE code = $1`, [
        line.sourceCode,
      ]);
      if (!source)
        throw badInput(
          "error.funding.unknownSource",
          { code: line.sourceCode },
          { argument: "sourceCode" },
        );
      const added = {
        id: randomUUID(),
        taskId: line.taskId.toLowerCase(),
        sourceCode: line.sourceCode,
        amount: line.amount,
        allocationId: null,
      };
      return this.change(
        tx,
        who,
        plan,
        { fundingLines: [...plan.fundingLines, added] },
        PlanEventKind.FUNDING_LINE_ADDED,
      );
    });
  }

  /**
   * Allocates a funding line from its source's budget of the plan's year through the funding
   * ledger (ADMIN or Finance and Planning; beyond the remaining budget is refused with CONFLICT, as
   * any allocation). Throws NOT_FOUND for the plan or line, BAD_USER_INPUT for a line already
   * allocated, CONFLICT for a stale version.
   */
  allocateFundingLine(
    who: Actor,
    id: string,
    version: number,
    lineId: string,
  ): Promise<HouseholdPlan> {
    return this.db.transaction(async (tx) => {
      // The line's task before the plan: a task change locks its task and then its household's plans, so this order never deadlocks with one.
      const seen = await tx.getRepository(HouseholdPlan).findOneBy({ id: requireUuid(id, "id") });
      const taskId = seen?.fundingLines.find((l) => l.id === lineId)?.taskId;
      if (taskId) await tx.query(`SELECT 1 FROM task_assignment WHERE id = $1 FOR SHARE`, [taskId]);
      const plan = await this.lock(tx, id, version);
      const line = plan.fundingLines.find((l) => l.id === lineId);
      if (!line) throw notFound("error.notFound.fundingLine", { id: lineId });
      if (line.allocationId) throw badInput("error.plan.lineAllocated", {}, { argument: "lineId" });
      const allocation = await this.funding.allocateIn(who, tx, {
        taskId: line.taskId,
        sourceCode: line.sourceCode,
        year: plan.year,
        amount: line.amount,
      });
      const fundingLines = plan.fundingLines.map((l) =>
        l.id === lineId ? { ...l, allocationId: allocation.id } : l,
      );
      return this.change(tx, who, plan, { fundingLines }, PlanEventKind.FUNDING_ALLOCATED);
    });
  }

  /**
   * Re-evaluates the plans of households whose tasks changed; a plan to escape that this change put
   * at risk is told to the ward's feed as a PLAN_AT_RISK event of the task that caused it.
   */
  readonly taskChanged: TaskChangeListener = async (tx, actor, tasks) => {
    const changes = await refreshRisk(tx, {
      householdIds: [...new Set(tasks.map((t) => t.householdId))],
    });
    const turned = changes.filter(
      (c) => c.before.length === 0 && c.after.length > 0 && ESCAPING.includes(c.status),
    );
    await recordTaskEvents(
      tx,
      actor,
      turned.map((c) => {
        const task = tasks.find((t) => t.householdId === c.householdId)!;
        return {
          task,
          kind: TaskEventKind.PLAN_AT_RISK,
          comment: `the household's ${c.year} escape plan is at risk: ${c.after.join(", ")}`,
        };
      }),
    );
  };

  /** The plan locked for a write by its household's ward (ADMIN or the ward's officer). */
  async lockSeen(
    who: Actor,
    tx: EntityManager,
    id: string,
    version: number,
  ): Promise<{ plan: HouseholdPlan; household: Household }> {
    // The household before its plan, as a re-assessment does (its trigger updates the plans): the same order, no deadlock.
    const seen = await tx.getRepository(HouseholdPlan).findOneBy({ id: requireUuid(id, "id") });
    if (!seen) throw notFound("error.notFound.plan", { id });
    const household = await this.households.lock(who, tx, seen.householdId);
    requireHouseholdWriter(who.viewer, household);
    return { plan: await this.lock(tx, id, version), household };
  }

  /** The plan locked for this transaction. NOT_FOUND if absent, CONFLICT if it changed since `version`. */
  private async lock(tx: EntityManager, id: string, version: number): Promise<HouseholdPlan> {
    const plan = await tx
      .getRepository(HouseholdPlan)
      .findOne({ where: { id: requireUuid(id, "id") }, lock: { mode: "pessimistic_write" } });
    if (!plan) throw notFound("error.notFound.plan", { id });
    if (plan.version !== version) throw stalePlan(plan, version);
    return plan;
  }

  private async change(
    tx: EntityManager,
    who: Actor,
    plan: HouseholdPlan,
    changes: Partial<HouseholdPlan>,
    kind: PlanEventKind,
    comment?: string,
  ): Promise<HouseholdPlan> {
    const before = snapshotOfPlan(plan);
    await tx
      .getRepository(HouseholdPlan)
      .update({ id: plan.id }, { ...changes, version: plan.version + 1, updatedAt: new Date() });
    await this.record(tx, who, plan.id, kind, before, comment);
    return this.reread(tx, plan.id);
  }

  /** Writes the change's event and re-evaluates the plan's risk; plan edits are not task changes, so the feed is not told. */
  private async record(
    tx: EntityManager,
    who: Actor,
    planId: string,
    kind: PlanEventKind,
    before: Record<string, unknown> | null,
    comment?: string,
  ): Promise<void> {
    await appendPlanEvents(tx, [
      { plan: await this.reread(tx, planId), kind, actor: who.name, before, comment },
    ]);
    await refreshRisk(tx, { planIds: [planId] });
  }

  private reread(tx: EntityManager, id: string): Promise<HouseholdPlan> {
    return tx.getRepository(HouseholdPlan).findOneByOrFail({ id });
  }

  /** Throws BAD_USER_INPUT unless the household's latest review result up to the year's end is poor or near-poor. */
  private async requireOnTheLists(
    tx: EntityManager,
    household: Household,
    year: number,
  ): Promise<void> {
    const [latest]: { classification: string }[] = await tx.query(
      `SELECT x.classification FROM household_review_result x JOIN review r ON r.id = x.review_id
        WHERE x.household_id = $1 AND r.ends_on <= make_date($2, 12, 31) ORDER BY r.ends_on DESC, r.starts_on DESC LIMIT 1`,
      [household.id, year],
    );
    if (latest?.classification !== "POOR" && latest?.classification !== "NEAR_POOR")
      throw notOnTheLists(household.code, year, latest?.classification ?? null);
  }

  private async mentorsFor(tx: EntityManager, household: Household, input: PlanFieldsInput) {
    const [ward]: { code: string }[] = await tx.query(`SELECT code FROM ward WHERE id = $1`, [
      household.wardId,
    ]);
    const named = input.mentors.map((m) => m.agencyCode?.trim()).filter((c): c is string => !!c);
    const agencies: { code: string }[] = named.length
      ? await tx.query(`SELECT code FROM agency WHERE code = ANY($1)`, [named])
      : [];
    return planMentors(input.mentors, ward.code, new Set(agencies.map((a) => a.code)));
  }

  private visible(viewer: Viewer) {
    const { bind, params } = namedParameters("planScope");
    const q = this.db
      .getRepository(HouseholdPlan)
      .createQueryBuilder("p")
      .innerJoin(Household, "h", "h.id = p.household_id");
    const condition = planScopeSql(viewer, bind);
    if (condition) q.andWhere(condition, params);
    return q;
  }
}
