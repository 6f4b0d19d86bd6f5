import type { EntityManager } from "typeorm";
import type { PlanEventKind } from "./household-plan-event.entity";
import type { HouseholdPlan } from "./household-plan.entity";

/** The plan's fields as its events record them before and after a change. */
export const snapshotOfPlan = (p: HouseholdPlan): Record<string, unknown> => ({
  status: p.status,
  notExpectedReason: p.notExpectedReason,
  targetYear: p.targetYear,
  productionModel: p.productionModel,
  mentors: p.mentors,
  fundingLines: p.fundingLines,
  commitmentSignedOn: p.commitmentSignedOn,
  chairApprovedOn: p.chairApprovedOn,
  version: p.version,
});

export interface NewPlanEvent {
  plan: HouseholdPlan;
  kind: PlanEventKind;
  actor: string;
  before: Record<string, unknown> | null;
  comment?: string | null;
}

/** Writes the events (the plan as it is now is the `after`) in the caller's transaction, in one statement. */
export async function appendPlanEvents(tx: EntityManager, events: NewPlanEvent[]): Promise<void> {
  if (events.length === 0) return;
  const rows = events.map((e) => ({
    plan_id: e.plan.id,
    kind: e.kind,
    actor: e.actor,
    before: e.before,
    after: snapshotOfPlan(e.plan),
    comment: e.comment ?? null,
  }));
  await tx.query(
    `INSERT INTO household_plan_event (plan_id, kind, actor, before, after, comment)
     SELECT r.plan_id, r.kind, r.actor, r.before, r.after, r.comment
       FROM jsonb_to_recordset($1::jsonb) AS r(plan_id uuid, kind text, actor text, before jsonb, after jsonb, comment text)`,
    [JSON.stringify(rows)],
  );
}
