import { In, type EntityManager } from "typeorm";
import { Classification, PovertyCause } from "../households";
import { PlanEventKind } from "./household-plan-event.entity";
import { HouseholdPlan, NotExpectedReason, PlanStatus } from "./household-plan.entity";
import { appendPlanEvents } from "./plan-events";
import { refreshRisk } from "./plan-risk";

const SEEDER = "plan-data";
/** Section III.4.d: the community production project and the causes of its 29 households (5 of causes 5/6, 24 of cause 7). */
const PRODUCTION_PROJECT = "Dự án hỗ trợ phát triển sản xuất cộng đồng (Dự án 3, Tiểu dự án 1)";
const PROJECT_SHARES = [
  { causes: [PovertyCause.NO_PRODUCTION_KNOWLEDGE, PovertyCause.NO_LABOUR_SKILLS], households: 5 },
  { causes: [PovertyCause.ILLNESS_OR_ACCIDENT], households: 24 },
];
const SIGNED_ON = "2024-07-15";
const APPROVED_ON = "2024-07-31";

interface DemoHousehold {
  id: string;
  code: string;
  ward_id: string;
  ward_code: string;
  classification: Classification;
  poverty_causes: PovertyCause[];
  clear_in_2024: boolean;
}

/** The 2024 plan the demo gives a household: the rules below, in the plan's terms. */
function demoPlan(h: DemoHousehold) {
  const cause = h.poverty_causes[0];
  const poor = h.classification === Classification.POOR;
  // Poor households escape in 2024 (all of them in the five wards to clear), except those without
  // labour elsewhere, who rely on social assistance and are expected in 2025, when no poor household may remain.
  if (poor)
    return cause === PovertyCause.NO_LABOUR && !h.clear_in_2024 ? expected(2025) : registered(2024);
  // Near-poor: without labour they are protected; the trainable (causes 5/6) register for 2024;
  // the ill are expected in 2025; the others (causes 4, 8) are expected in 2024 but have not signed yet.
  if (cause === PovertyCause.NO_LABOUR)
    return {
      status: PlanStatus.NOT_EXPECTED,
      notExpectedReason: NotExpectedReason.NO_WORKING_AGE_MEMBER,
      targetYear: null,
      signed: false,
    };
  if (cause === PovertyCause.NO_PRODUCTION_KNOWLEDGE || cause === PovertyCause.NO_LABOUR_SKILLS)
    return registered(2024);
  return expected(cause === PovertyCause.ILLNESS_OR_ACCIDENT ? 2025 : 2024);
}
const registered = (targetYear: number) => ({
  status: PlanStatus.REGISTERED,
  notExpectedReason: null,
  targetYear,
  signed: true,
});
const expected = (targetYear: number) => ({
  status: PlanStatus.EXPECTED,
  notExpectedReason: null,
  targetYear,
  signed: false,
});

/**
 * The demo city's 2024 escape plans, one per household on the 2023 lists, consistent with the
 * plan: the five wards to clear register all their poor households for 2024, the 29 households of
 * the community production project join it, each household has its ward's poverty-reduction
 * officer as mentor (user `mentor-<ward code>`), and households that registered signed their
 * commitment. Run inside the seeding transaction, after the households.
 */
export async function loadDemoHouseholdPlans(tx: EntityManager): Promise<void> {
  const households: DemoHousehold[] = await tx.query(
    `SELECT h.id, h.code, h.ward_id, w.code AS ward_code, h.classification, h.poverty_causes,
            EXISTS (SELECT 1 FROM plan_target t WHERE t.ward_id = h.ward_id AND t.year = 2024 AND t.metric = 'POOR_HOUSEHOLDS' AND t.value = 0) AS clear_in_2024
       FROM household h JOIN ward w ON w.id = h.ward_id WHERE h.classification IN ('POOR', 'NEAR_POOR') ORDER BY h.code`,
  );
  const inProject = new Set(
    PROJECT_SHARES.flatMap(({ causes, households: n }) =>
      households
        .filter((h) => causes.includes(h.poverty_causes[0]))
        .slice(0, n)
        .map((h) => h.id),
    ),
  );
  const rows = households.map((h) => {
    const plan = demoPlan(h);
    return {
      household_id: h.id,
      ward_id: h.ward_id,
      classification: h.classification,
      status: plan.status,
      not_expected_reason: plan.notExpectedReason,
      target_year: plan.targetYear,
      production_model: inProject.has(h.id) ? PRODUCTION_PROJECT : null,
      mentors: [
        {
          name: `Cán bộ giảm nghèo ${h.ward_code}`,
          userId: `mentor-${h.ward_code}`,
          wardCode: h.ward_code,
          agencyCode: null,
        },
      ],
      commitment_signed_on: plan.signed ? SIGNED_ON : null,
      chair_approved_on: plan.signed ? APPROVED_ON : null,
    };
  });
  const plans: { id: string }[] = await tx.query(
    `INSERT INTO household_plan (household_id, ward_id, classification, year, status, not_expected_reason, target_year, production_model, mentors, commitment_signed_on, chair_approved_on)
     SELECT r.household_id, r.ward_id, r.classification, 2024, r.status, r.not_expected_reason, r.target_year, r.production_model, r.mentors, r.commitment_signed_on, r.chair_approved_on
       FROM jsonb_to_recordset($1::jsonb) AS r(household_id uuid, ward_id uuid, classification text, status text, not_expected_reason text, target_year smallint, production_model text,
            mentors jsonb, commitment_signed_on date, chair_approved_on date)
     RETURNING id`,
    [JSON.stringify(rows)],
  );
  const saved = await tx.getRepository(HouseholdPlan).findBy({ id: In(plans.map((p) => p.id)) });
  await appendPlanEvents(
    tx,
    saved.map((plan) => ({ plan, kind: PlanEventKind.CREATED, actor: SEEDER, before: null })),
  );
  await refreshRisk(tx, { planIds: plans.map((p) => p.id) });
}
