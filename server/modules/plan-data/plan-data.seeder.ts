import type { DataSource, EntityManager } from "typeorm";
import { Agency, AgencyKind, createAgencies } from "../agencies";
import { loadDemoHouseholdPlans } from "../household-plans";
import { createHouseholds } from "../households";
import { createTargets } from "../plan-targets";
import { ReviewKind, ReviewService, createReview } from "../reviews";
import { RoutingRule, createRule } from "../routing";
import { SupportMeasure, createMeasures } from "../support-measures";
import { Ward, createWards, recordHouseholdTotals } from "../wards";
import type { Actor } from "../../shared/actor";
import { agencySeeds, wardAgencyCode } from "./agencies.data";
import { planDemoHouseholds } from "./demo-households";
import { routingRuleSeeds } from "./routing-rules.data";
import { measureSeeds } from "./measures.data";
import { targetSeeds } from "./targets.data";
import { wardSeeds } from "./wards.data";

/** The periodic review of 2023 whose lists the plan of June 2024 works from: the baseline of the review history. */
const REVIEW_2023 = {
  code: "2023-PERIODIC",
  kind: ReviewKind.PERIODIC,
  startsOn: "2023-09-01",
  endsOn: "2023-12-14",
  baseline: true,
};

/**
 * Loads the plan's data — wards, agencies, measures, targets, the 2023 review and the 199 demo
 * households — when the database has no wards yet, and the plan's routing rules when it has none.
 * All or nothing, in one transaction, recorded as `seeder`'s (the platform runs it as
 * `systemActor("plan-data")`). Returns whether it loaded anything.
 */
export async function seedPlanDataIfEmpty(seeder: Actor, db: DataSource): Promise<boolean> {
  return db.transaction(async (tx) => {
    const loadBase = (await tx.count(Ward)) === 0;
    if (loadBase) {
      await loadPlanData(seeder, tx);
      await loadDemoHouseholdPlans(tx);
    }
    const loadRules = (await tx.count(RoutingRule)) === 0;
    if (loadRules) await loadRoutingRules(seeder, tx);
    return loadBase || loadRules;
  });
}

async function loadRoutingRules(seeder: Actor, tx: EntityManager): Promise<void> {
  const agencies = new Map((await tx.find(Agency)).map((a) => [a.code, a.id]));
  const measures = new Map((await tx.find(SupportMeasure)).map((m) => [m.code, m.id]));
  for (const seed of routingRuleSeeds) {
    await createRule(seeder, tx, seed.code, {
      deprivation: seed.deprivation ?? null,
      povertyCause: seed.povertyCause ?? null,
      classification: null,
      wardId: null,
      area: null,
      measureId: measures.get(seed.measure)!,
      ownerAgencyId: agencies.get(seed.owner)!,
      supportingAgencyIds: (seed.supporting ?? []).map((code) => agencies.get(code)!),
      description: seed.description,
    });
  }
}

async function loadPlanData(seeder: Actor, tx: EntityManager): Promise<void> {
  const wards = await createWards(seeder, tx, wardSeeds);
  const wardId = new Map(wards.map((w) => [w.code, w.id]));
  await recordHouseholdTotals(seeder, tx, [
    ...wardSeeds.map((w) => ({
      wardId: wardId.get(w.code)!,
      year: 2023,
      householdsTotal: householdsTotal2023(w.householdsTotal2024),
    })),
    ...wardSeeds.map((w) => ({
      wardId: wardId.get(w.code)!,
      year: 2024,
      householdsTotal: w.householdsTotal2024,
    })),
  ]);

  const agencies = await createAgencies(seeder, tx, [
    ...agencySeeds.map((a) => ({ ...a, isSecretariat: a.isSecretariat ?? false, wardId: null })),
    ...wardSeeds.map((w) => ({
      code: wardAgencyCode(w.code),
      nameVi: `UBND ${w.kind === "PHUONG" ? "phường" : "xã"} ${w.name}`,
      nameEn: `People's Committee of ${w.name}`,
      kind: AgencyKind.WARD_PEOPLES_COMMITTEE,
      isSecretariat: false,
      wardId: wardId.get(w.code)!,
    })),
  ]);
  const agencyId = new Map(agencies.map((a) => [a.code, a.id]));

  const measures = await createMeasures(
    seeder,
    tx,
    measureSeeds.map((m) => ({
      code: m.code,
      nameVi: m.nameVi,
      nameEn: m.nameEn,
      leadAgencyId: agencyId.get(m.leadAgency)!,
      programmeProject: m.project ?? null,
      programmeSubProject: m.subProject ?? null,
      beneficiaryUnit: m.unit,
      legalBasis: m.legalBasis ?? null,
      defaultDueDays: m.dueDays,
    })),
  );
  const measureId = new Map(measures.map((m) => [m.code, m.id]));

  await createTargets(
    seeder,
    tx,
    targetSeeds.map(({ wardCode, measureCode, ...t }) => ({
      ...t,
      year: t.year ?? null,
      wardId: wardCode ? wardId.get(wardCode)! : null,
      measureId: measureCode ? measureId.get(measureCode)! : null,
      deprivation: t.deprivation ?? null,
      povertyCauses: t.povertyCauses ?? null,
      classification: t.classification ?? null,
      note: t.note ?? null,
    })),
  );

  const review = await createReview(seeder, tx, REVIEW_2023);
  const households = await createHouseholds(
    seeder,
    tx,
    planDemoHouseholds().map(({ wardCode, ...h }) => ({
      ...h,
      incomeScore: null,
      wardId: wardId.get(wardCode)!,
      classifiedInReviewId: review.id,
    })),
  );
  await new ReviewService(tx.connection).recordResults(
    seeder,
    tx,
    review,
    households.map((h) => ({
      householdId: h.id,
      wardId: h.wardId,
      classification: h.classification,
      area: h.area,
      incomePerPersonMonthly: h.incomePerPersonMonthly,
      incomeScore: null,
      deprivations: h.deprivations,
      povertyCauses: h.povertyCauses,
    })),
  );
}

/** Demo estimate: the city grows about 1.5 % a year (the real totals are in the plan's appendix, not at hand). */
const householdsTotal2023 = (total2024: number) => Math.round(total2024 / 1.015);
