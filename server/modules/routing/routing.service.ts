import type { DataSource, EntityManager } from "typeorm";
import { Role, requireScope } from "../../shared/auth";
import {
  requireHouseholdWriter,
  type Household,
  type HouseholdAssessmentInput,
  type HouseholdFilter,
  type HouseholdService,
} from "../households";
import {
  OPEN_TASK_STATUSES,
  TaskAssignment,
  TaskEventKind,
  changeTasks,
  createRoutedTasks,
  lockOpenTasks,
  type RoutedTaskRow,
} from "../tasks";
import { needsOf, type RoutedNeed } from "./rule-matching";
import type { RoutingRuleVersion } from "./routing-rule.entity";
import type { RoutingRuleService } from "./routing-rule.service";
import type { AssessmentResult, RoutingResult } from "./routing.types";
import type { Actor } from "../../shared/actor";

/** Households routed per transaction when routing a ward or a city: each range commits on its own. */
const BATCH_SIZE = 2000;
/** Ranges routed at once, each in its own transaction and connection: PostgreSQL works on each in its own process. */
const PARALLEL_RANGES = 2;
const MAX_LISTED = 1000;

export class RoutingService {
  constructor(
    private readonly db: DataSource,
    private readonly rules: RoutingRuleService,
    private readonly households: HouseholdService,
  ) {}

  /** Routes one household under the rules in force. Throws NOT_FOUND or BAD_USER_INPUT for the id, FORBIDDEN outside the viewer's ward. */
  routeHousehold(who: Actor, householdId: string): Promise<RoutingResult> {
    return this.db.transaction(async (tx) => {
      const household = await this.households.lock(who, tx, householdId);
      requireHouseholdWriter(who.viewer, household);
      return this.route(tx, who, [household], await this.rules.currentVersions(who, tx));
    });
  }

  /**
   * Routes every household matching the filter (a ward, a city), in ranges of BATCH_SIZE that each
   * commit on their own — PARALLEL_RANGES at a time — so a large run holds no long transaction;
   * running it again creates nothing already open. A ward officer routes within the ward only. Throws BAD_USER_INPUT for a malformed
   * filter, FORBIDDEN for a ward officer's filter naming other wards.
   */
  async routeHouseholds(who: Actor, requested: HouseholdFilter): Promise<RoutingResult> {
    const filter = narrowToViewer(who, requested);
    const total: RoutingResult = {
      householdsEvaluated: 0,
      createdCount: 0,
      existingCount: 0,
      created: [],
      existing: [],
      listsTruncated: false,
    };
    const boundaries = await this.households.rangeBoundaries(who, filter, BATCH_SIZE);
    // Ranges cover the whole (code, id) order: households added meanwhile fall in one of them.
    const ranges = [...boundaries, null].map((upTo, i) => ({
      after: i === 0 ? null : boundaries[i - 1],
      upTo,
    }));
    let next = 0;
    const worker = async () => {
      while (next < ranges.length) {
        const { after, upTo } = ranges[next++];
        const result = await this.db.transaction(async (tx) =>
          this.route(
            tx,
            who,
            await this.households.inRange(who, tx, filter, after, upTo),
            await this.rules.currentVersions(who, tx),
          ),
        );
        mergeInto(total, result);
      }
    };
    await Promise.all(Array.from({ length: Math.min(PARALLEL_RANGES, ranges.length) }, worker));
    return total;
  }

  /**
   * Records a household's new assessment and re-routes it in one transaction: new needs get tasks;
   * open tasks whose need went away are flagged for their owner (never deleted); flagged tasks whose
   * need came back are unflagged. Throws NOT_FOUND, BAD_USER_INPUT or CONFLICT (stale version).
   */
  updateAssessment(
    who: Actor,
    householdId: string,
    version: number,
    input: HouseholdAssessmentInput,
  ): Promise<AssessmentResult> {
    return this.db.transaction(async (tx) => {
      const rules = await this.rules.currentVersions(who, tx);
      const before = await this.households.lock(who, tx, householdId);
      const household = await this.households.applyAssessment(who, tx, before, version, input);
      return { household, ...(await this.reroute(who, tx, [{ before, after: household }], rules)) };
    });
  }

  /**
   * Re-routes households whose assessment the caller's transaction changed (`before` null for a
   * new household): new needs get tasks — even a need served before, since this assessment adds it
   * anew; open tasks whose need went away are flagged for their owner (never deleted); flagged tasks
   * whose need came back are unflagged.
   */
  async reroute(
    who: Actor,
    tx: EntityManager,
    changes: { before: Household | null; after: Household }[],
    rules?: CurrentRules,
  ): Promise<Omit<AssessmentResult, "household">> {
    const inForce = rules ?? (await this.rules.currentVersions(who, tx));
    const neededNow = new Map<string, Set<string>>();
    const added = new Set<string>();
    for (const { before, after } of changes) {
      const neededBefore = new Set(
        before ? needsOf(before, inForce).map((n) => n.rule.measureId) : [],
      );
      const needed = new Set(needsOf(after, inForce).map((n) => n.rule.measureId));
      neededNow.set(after.id, needed);
      for (const measureId of needed)
        if (!neededBefore.has(measureId)) added.add(needKey(after.id, measureId));
    }
    const routing = await this.route(
      tx,
      who,
      changes.map((c) => c.after),
      inForce,
      added,
    );
    const open = await lockOpenTasks(tx, { householdIds: [...neededNow.keys()] });
    const needGone = open.filter(
      (t) => !t.needGone && !neededNow.get(t.householdId)!.has(t.measureId),
    );
    const needReturned = open.filter(
      (t) => t.needGone && neededNow.get(t.householdId)!.has(t.measureId),
    );
    await changeTasks(tx, who, needGone, { needGone: true }, TaskEventKind.NEED_GONE);
    await changeTasks(tx, who, needReturned, { needGone: false }, TaskEventKind.NEED_RETURNED);
    return { routing, needGone, needReturned };
  }

  /**
   * Routes measures chosen for a household outside the rules (a ward adds them to the household's
   * plan) in the caller's transaction, through the same insert and ROUTED events as rule-made tasks,
   * so the owning agency hears of them: each becomes a task of the measure's lead agency. A
   * completed or cancelled task of the measure does not stop it (the ward asks anew); an open one
   * does. Returns the tasks created, none for a measure with an open task.
   */
  async routeChosenMeasures(
    who: Actor,
    tx: EntityManager,
    household: Household,
    measureIds: string[],
  ): Promise<TaskAssignment[]> {
    const leads: { id: string; lead_agency_id: string }[] = await tx.query(
      `SELECT id, lead_agency_id FROM support_measure WHERE id = ANY($1)`,
      [measureIds],
    );
    const needs = leads.map((m) => ({
      householdId: household.id,
      rule: {
        measureId: m.id,
        ownerAgencyId: m.lead_agency_id,
        supportingAgencyIds: [],
        ruleId: null,
        version: null,
      },
    }));
    return createRoutedTasks(
      tx,
      who,
      taskRows(
        needs,
        new Map([[household.id, household.wardId]]),
        new Set(needs.map((n) => needKey(household.id, n.rule.measureId))),
      ),
    );
  }

  private async route(
    tx: EntityManager,
    who: Actor,
    households: Household[],
    rules: CurrentRules,
    reopen: Set<string> = new Set(),
  ): Promise<RoutingResult> {
    const needs = households.flatMap((h) => needsOf(h, rules));
    const wardOf = new Map(households.map((h) => [h.id, h.wardId]));
    const created = await createRoutedTasks(tx, who, taskRows(needs, wardOf, reopen));
    const createdKeys = new Set(created.map((t) => needKey(t.householdId, t.measureId)));
    const existing = await this.openTasksFor(
      tx,
      needs.filter((n) => !createdKeys.has(needKey(n.householdId, n.rule.measureId))),
    );
    return {
      householdsEvaluated: households.length,
      createdCount: created.length,
      existingCount: existing.length,
      created: created.slice(0, MAX_LISTED),
      existing: existing.slice(0, MAX_LISTED),
      listsTruncated: created.length > MAX_LISTED || existing.length > MAX_LISTED,
    };
  }

  private async openTasksFor(tx: EntityManager, needs: RoutedNeed[]): Promise<TaskAssignment[]> {
    if (needs.length === 0) return [];
    return tx
      .getRepository(TaskAssignment)
      .createQueryBuilder("t")
      .where(
        `(t.household_id, t.measure_id) IN (SELECT r.household_id, r.measure_id FROM jsonb_to_recordset(CAST(:needs AS jsonb)) AS r(household_id uuid, measure_id uuid))`,
        {
          needs: JSON.stringify(
            needs.map((n) => ({ household_id: n.householdId, measure_id: n.rule.measureId })),
          ),
        },
      )
      .andWhere("t.status = ANY(:open)", { open: OPEN_TASK_STATUSES })
      .orderBy("t.created_at")
      .addOrderBy("t.id")
      .getMany();
  }
}

type CurrentRules = Awaited<ReturnType<RoutingRuleService["currentVersions"]>>;
/** A need to make a task for: from a rule, or chosen by a ward (no rule, the measure's lead agency owns it). */
type TaskNeed = {
  householdId: string;
  rule: Pick<RoutingRuleVersion, "measureId" | "ownerAgencyId" | "supportingAgencyIds"> & {
    ruleId: string | null;
    version: number | null;
  };
};
const needKey = (householdId: string, measureId: string) => `${householdId}|${measureId}`;

/**
 * A task per need, in its household's ward; a task of a need in `reopen` (by needKey) is made even
 * if one was completed or cancelled — a need already served or dropped is not served again unless
 * an assessment adds it anew.
 */
const taskRows = (
  needs: TaskNeed[],
  wardOf: Map<string, string>,
  reopen: Set<string>,
): RoutedTaskRow[] =>
  needs.map(({ householdId, rule }) => ({
    householdId,
    wardId: wardOf.get(householdId)!,
    measureId: rule.measureId,
    ownerAgencyId: rule.ownerAgencyId,
    supportingAgencyIds: rule.supportingAgencyIds,
    ruleId: rule.ruleId,
    ruleVersion: rule.version,
    reopen: reopen.has(needKey(householdId, rule.measureId)),
  }));

/** A ward officer's filter, limited to the officer's ward; FORBIDDEN if it names another. */
function narrowToViewer({ viewer }: Actor, filter: HouseholdFilter): HouseholdFilter {
  if (viewer.role !== Role.WARD_OFFICER) return filter;
  const namesOtherWard =
    (filter.wardIds ?? []).some((id) => id !== viewer.wardId) ||
    (filter.wardCodes ?? []).some((code) => code !== viewer.wardCode);
  requireScope(!namesOtherWard, "error.scope.routeOwnWard");
  return { ...filter, wardIds: [viewer.wardId!] };
}

function mergeInto(total: RoutingResult, part: RoutingResult): void {
  total.householdsEvaluated += part.householdsEvaluated;
  total.createdCount += part.createdCount;
  total.existingCount += part.existingCount;
  total.created.push(...part.created.slice(0, MAX_LISTED - total.created.length));
  total.existing.push(...part.existing.slice(0, MAX_LISTED - total.existing.length));
  total.listsTruncated ||=
    part.listsTruncated ||
    total.createdCount > total.created.length ||
    total.existingCount > total.existing.length;
}
