import { data } from "./harness/api-helpers";
import {
  AgenciesWithWardsDocument,
  HouseholdsPageDocument,
  PlanTargetsDocument,
  SupportMeasuresWithLeadsDocument,
  WardsWithTotalsDocument,
  type HouseholdsPageQuery,
} from "./harness/operations.generated";
import { startTestPlatform, type TestPlatform } from "./harness/test-platform";
import { PlanTargetsByCauseAndKeptWards1764351000000 } from "../migrations/1764351000000-plan-targets-by-cause-and-kept-wards";

type HouseholdRow = HouseholdsPageQuery["households"]["edges"][number]["node"];

let api: TestPlatform;
let households: HouseholdRow[];

async function allHouseholds(): Promise<HouseholdRow[]> {
  const rows: HouseholdRow[] = [];
  let after: string | null = null;
  do {
    const { households: page }: HouseholdsPageQuery = await data(api, HouseholdsPageDocument, {
      after,
    });
    rows.push(...page.edges.map((e) => e.node));
    after = page.pageInfo.hasNextPage ? (page.pageInfo.endCursor ?? null) : null;
  } while (after);
  return rows;
}

const count = (filter: (h: HouseholdRow) => boolean) => households.filter(filter).length;
const split = (filter: (h: HouseholdRow) => boolean) => ({
  total: count(filter),
  poor: count((h) => h.classification === "POOR" && filter(h)),
  nearPoor: count((h) => h.classification === "NEAR_POOR" && filter(h)),
});
const lacks = (indicator: string) => (h: HouseholdRow) =>
  h.deprivations.some((d) => d.indicator === indicator);
const lacksIn = (dimension: string) => (h: HouseholdRow) =>
  h.deprivations.some((d) => d.dimension === dimension);
const hasCause =
  (...causes: string[]) =>
  (h: HouseholdRow) =>
    h.povertyCauses.some((c) => causes.includes(c));

beforeAll(async () => {
  api = await startTestPlatform();
  households = await allHouseholds();
});
afterAll(() => api.close());

describe("the plan's 199 households (DOMAIN.md, sections III.4 and III.5)", () => {
  it("are 199: 44 poor and 155 near-poor, with distinct codes", () => {
    expect(split(() => true)).toEqual({ total: 199, poor: 44, nearPoor: 155 });
    expect(new Set(households.map((h) => h.code)).size).toBe(199);
  });

  it.each([
    ["EMPLOYMENT", 89, 38, 51],
    ["DEPENDANTS", 0, 0, 0],
    ["NUTRITION", 5, 1, 4],
    ["HEALTH_INSURANCE", 178, 43, 135],
    ["ADULT_EDUCATION", 4, 2, 2],
    ["CHILD_SCHOOL_ATTENDANCE", 1, 1, 0],
    ["HOUSING_QUALITY", 2, 2, 0],
    ["HOUSING_AREA", 10, 4, 6],
    ["DOMESTIC_WATER", 0, 0, 0],
    ["HYGIENIC_LATRINE", 7, 6, 1],
    ["TELECOM_SERVICES", 47, 22, 25],
    ["INFORMATION_ACCESS_MEANS", 7, 7, 0],
  ])(
    "%s deprivation: %d households (%d poor / %d near-poor)",
    (indicator, total, poor, nearPoor) => {
      expect(split(lacks(indicator))).toEqual({ total, poor, nearPoor });
    },
  );

  it.each([
    ["HEALTH", 183, 44, 139],
    ["EDUCATION", 5, 3, 2],
    ["HOUSING", 12, 6, 6],
    ["WATER_SANITATION", 7, 6, 1],
    ["INFORMATION", 54, 29, 25],
  ])("%s dimension: %d households (%d / %d)", (dimension, total, poor, nearPoor) => {
    expect(split(lacksIn(dimension))).toEqual({ total, poor, nearPoor });
  });

  it.each([
    [["NO_PRODUCTION_LAND"], 0],
    [["NO_PRODUCTION_CAPITAL"], 0],
    [["NO_LABOUR"], 40],
    [["NO_MEANS_OF_PRODUCTION"], 3],
    [["NO_PRODUCTION_KNOWLEDGE", "NO_LABOUR_SKILLS"], 37],
    [["ILLNESS_OR_ACCIDENT"], 65],
    [["OTHER"], 54],
  ])("poverty cause %j: %d households", (causes, expected) => {
    expect(count(hasCause(...causes))).toBe(expected);
  });

  it("keeps causes 5 and 6 distinct", () => {
    expect(count(hasCause("NO_PRODUCTION_KNOWLEDGE"))).toBeGreaterThan(0);
    expect(count(hasCause("NO_LABOUR_SKILLS"))).toBeGreaterThan(0);
    expect(count((h) => h.povertyCauses.length !== 1)).toBe(0);
  });

  it("has poor households only in the 5 localities to clear in 2024 and 4 others, leaving 12 wards at zero", () => {
    const wardsWithPoor = new Set(
      households.filter((h) => h.classification === "POOR").map((h) => h.ward.code),
    );
    for (const code of ["21559", "21550", "21553", "21565", "21604"])
      expect(wardsWithPoor).toContain(code);
    expect(wardsWithPoor.size).toBe(9);
    expect(21 - wardsWithPoor.size).toBe(12);
  });

  it("documents the rule the published counts break: poor households need 3 deprivations, the plan's give 126 for 44", () => {
    const poor = households.filter((h) => h.classification === "POOR");
    const deprivationsOfPoor = poor.reduce((sum, h) => sum + h.deprivations.length, 0);
    expect(deprivationsOfPoor).toBe(126);
    // 44 × 3 = 132 > 126: at least 6 poor households must have fewer than three deprivations.
    const breakingTheRule = poor.filter((h) => h.deprivations.length < 3);
    expect(breakingTheRule).toHaveLength(6);
    expect(breakingTheRule.every((h) => h.deprivations.length === 2)).toBe(true);
    // Near-poor households do follow the rule: fewer than three deprivations each.
    expect(
      households.filter((h) => h.classification === "NEAR_POOR" && h.deprivations.length >= 3),
    ).toHaveLength(0);
  });
});

describe("the plan's reference data", () => {
  it("has the 21 wards and communes with their GSO codes and 2024 household totals", async () => {
    const { wards } = await data(api, WardsWithTotalsDocument);
    expect(wards).toHaveLength(21);
    expect(wards.find((w) => w.code === "21550")).toMatchObject({
      name: "Nhơn Bình",
      kind: "PHUONG",
    });
    expect(wards.find((w) => w.code === "21991")).toMatchObject({ name: "Phước Mỹ", kind: "XA" });
    expect(
      wards
        .filter((w) => w.kind === "XA")
        .map((w) => w.name)
        .sort(),
    ).toEqual(["Nhơn Châu", "Nhơn Hải", "Nhơn Hội", "Nhơn Lý", "Phước Mỹ"]);
    expect(
      wards.every((w) => w.householdTotals.some((t) => t.year === 2024 && t.householdsTotal > 0)),
    ).toBe(true);
  });

  it("has the plan's agencies and a People's Committee for every ward", async () => {
    const { agencies } = await data(api, AgenciesWithWardsDocument);
    const codes = agencies.map((a) => a.code);
    for (const code of [
      "LABOUR",
      "FINANCE_PLANNING",
      "ECONOMY",
      "SOCIAL_POLICY_BANK",
      "HEALTH_CENTRE",
      "CULTURE_INFORMATION",
      "FATHERLAND_FRONT",
      "OTHER_DEPARTMENTS",
      "EMPLOYMENT_SERVICE_CENTRE",
    ]) {
      expect(codes).toContain(code);
    }
    const committees = agencies.filter((a) => a.kind === "WARD_PEOPLES_COMMITTEE");
    expect(committees).toHaveLength(21);
    expect(committees.find((a) => a.code === "WARD:21550")?.ward?.code).toBe("21550");
  });

  it("has the support measures with their lead agency and programme project", async () => {
    const { supportMeasures } = await data(api, SupportMeasuresWithLeadsDocument);
    const byCode = Object.fromEntries(supportMeasures.map((m) => [m.code, m]));
    expect(byCode.INTERNET_ACCESS).toMatchObject({
      programmeProject: 6,
      programmeSubProject: 1,
      leadAgency: { code: "CULTURE_INFORMATION" },
    });
    expect(byCode.NUTRITION_SUPPORT).toMatchObject({
      programmeProject: 3,
      programmeSubProject: 2,
      leadAgency: { code: "HEALTH_CENTRE" },
    });
    expect(byCode.PREFERENTIAL_LOAN.leadAgency.code).toBe("SOCIAL_POLICY_BANK");
    for (const code of [
      "JOB_REFERRAL",
      "VOCATIONAL_TRAINING",
      "COMMUNITY_PRODUCTION_PROJECT",
      "HEALTH_INSURANCE_CARD",
      "HOUSING_BUILD_REPAIR",
      "HYGIENIC_LATRINE",
      "INFORMATION_DEVICE",
      "SCHOOL_SUPPORT",
      "MONTHLY_SOCIAL_ASSISTANCE",
    ]) {
      expect(byCode[code]).toBeDefined();
    }
  });

  it("has the plan's targets, with both figures where the plan contradicts itself", async () => {
    const { planTargets } = await data(api, PlanTargetsDocument, { filter: { year: 2024 } });
    const byCode = Object.fromEntries(planTargets.map((t) => [t.code, t]));
    expect(byCode["2024.POOR_RATE_REDUCTION"]).toMatchObject({
      value: 0.06,
      unit: "PERCENTAGE_POINTS",
    });
    expect(byCode["2024.NEAR_POOR_RATE_REDUCTION"].value).toBe(0.02);
    expect(byCode["2024.MULTIDIMENSIONAL_POVERTY_RATE"]).toMatchObject({
      value: 0.19,
      unit: "PERCENT",
    });
    expect(byCode["2024.WARDS_WITHOUT_POOR_HOUSEHOLDS.KEPT"].value).toBe(12);
    // The five to clear and the twelve kept at zero (those without a poor household in the 2023 baseline): every ward.
    const zeroTargets = planTargets.flatMap((t) =>
      t.metric === "POOR_HOUSEHOLDS" && t.ward ? [{ ...t, ward: t.ward }] : [],
    );
    expect(zeroTargets.map((t) => t.value)).toEqual(Array(17).fill(0));
    const keptAtZero = zeroTargets
      .filter((t) => /kept at zero/.test(t.note ?? ""))
      .map((t) => t.ward.code)
      .sort();
    expect(keptAtZero).toEqual([
      "21556",
      "21562",
      "21568",
      "21571",
      "21574",
      "21577",
      "21580",
      "21583",
      "21586",
      "21592",
      "21595",
      "21601",
    ]);
    expect(keptAtZero).toHaveLength(byCode["2024.WARDS_WITHOUT_POOR_HOUSEHOLDS.KEPT"].value);
    expect(
      zeroTargets
        .filter((t) => !keptAtZero.includes(t.ward.code))
        .map((t) => t.ward.code)
        .sort(),
    ).toEqual(["21550", "21553", "21559", "21565", "21604"]);
    const baselinePoor: { code: string }[] = await api.platform.database.dataSource.query(
      `SELECT DISTINCT w.code FROM household_review_result r JOIN review rv ON rv.id = r.review_id AND rv.baseline JOIN ward w ON w.id = r.ward_id WHERE r.classification = 'POOR'`,
    );
    expect(baselinePoor.map((r) => r.code).filter((code) => keptAtZero.includes(code))).toEqual([]);
    expect(byCode["PLAN.INTERNET_ACCESS.TELECOM_SERVICES"]).toMatchObject({
      value: 47,
      measure: { code: "INTERNET_ACCESS" },
    });
    expect(byCode["PLAN.INTERNET_ACCESS.TELECOM_SERVICES.POOR"]).toMatchObject({
      value: 22,
      classification: "POOR",
    });
    expect(byCode["PLAN.VOCATIONAL_TRAINING.CAUSE_5_6"]).toMatchObject({
      value: 6,
      povertyCauses: ["NO_PRODUCTION_KNOWLEDGE", "NO_LABOUR_SKILLS"],
    });
    expect(byCode["PLAN.VOCATIONAL_TRAINING.BY_CAUSE"].value).toBe(11);
    // Section III.4's totals are about the workers of causes 5, 6 and 7 (their groups'), not every worker the measure serves.
    for (const measure of ["VOCATIONAL_TRAINING", "JOB_REFERRAL", "COMMUNITY_PRODUCTION_PROJECT"]) {
      expect(byCode[`PLAN.${measure}.BY_CAUSE`].povertyCauses).toEqual([
        "NO_PRODUCTION_KNOWLEDGE",
        "NO_LABOUR_SKILLS",
        "ILLNESS_OR_ACCIDENT",
      ]);
    }
    // Every measure target of section III.4 names whom it is about.
    const III4 = planTargets.filter((t) => t.measure && /^III\.4/.test(t.planSection ?? ""));
    expect(III4.length).toBeGreaterThan(9);
    expect(III4.filter((t) => !t.povertyCauses).map((t) => t.code)).toEqual([]);
    expect(byCode["PLAN.VOCATIONAL_TRAINING.SECTION_V1"]).toMatchObject({ value: 62 });
    expect(byCode["PLAN.VOCATIONAL_TRAINING.SECTION_V1"].note).toMatch(/contradict/);
    expect(byCode["2025.POOR_HOUSEHOLDS.CITY"]).toBeUndefined();

    const in2025 = await data(api, PlanTargetsDocument, {
      filter: { year: 2025, metrics: ["POOR_HOUSEHOLDS"] },
    });
    expect(in2025.planTargets).toMatchObject([
      { code: "2025.POOR_HOUSEHOLDS.CITY", value: 0, ward: null },
    ]);
  });
});

describe("the migration correcting plan targets loaded before", () => {
  it("names causes 5, 6, 7 on section III.4's totals and adds the 12 kept-at-zero wards' targets, as the plan data now does", async () => {
    const db = api.platform.database.dataSource;
    const targets = () =>
      db.query(`SELECT code, poverty_causes, value, ward_id, note FROM plan_target ORDER BY code`);
    const current = await targets();
    // As a database loaded before the correction holds them.
    await db.query(
      `DELETE FROM plan_target WHERE note LIKE 'One of the 12 localities kept at zero%'`,
    );
    await db.query(
      `UPDATE plan_target SET poverty_causes = NULL WHERE code LIKE 'PLAN.%.BY_CAUSE' OR code = 'PLAN.VOCATIONAL_TRAINING.SECTION_V1'`,
    );
    const runner = db.createQueryRunner();
    try {
      await new PlanTargetsByCauseAndKeptWards1764351000000().up(runner);
    } finally {
      await runner.release();
    }
    expect(await targets()).toEqual(current);
  });
});
