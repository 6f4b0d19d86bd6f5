import { data } from "./harness/api-helpers";
// The forecast as the SDK asks for it (`client.planForecast`, which the web app's dashboard calls).
import { PlanForecastDocument } from "../client-sdk/src/generated/operations";
import { startTestPlatform, type TestPlatform } from "./harness/test-platform";

let api: TestPlatform;
beforeAll(async () => {
  api = await startTestPlatform();
});
afterAll(() => api.close());

/**
 * The demo plans (server/modules/household-plans/demo-plans.ts) on the plan's 199 households:
 * poor households register for 2024 except the 2 without labour outside the five wards to clear
 * (expected in 2025); near-poor households of causes 5/6 register for 2024, those of causes 4 and 8
 * are expected in 2024 without a signed commitment (at risk), those of cause 7 are expected in 2025,
 * and the 38 without labour are protected.
 */
describe("planForecast on the demo data", () => {
  it("2024, city: every count, rate and target", async () => {
    const { planForecast: f } = await data(api, PlanForecastDocument, { year: 2024 });
    expect(f.city).toEqual({
      wardCode: null, // the city as a whole
      wardName: "Thành phố Quy Nhơn",
      householdsTotal: 73_700,
      poorNow: 44,
      nearPoorNow: 155,
      startPoorRate: 0.0606, // 44 / 72,611 households of 2023
      startNearPoorRate: 0.2135, // 155 / 72,611
      plans: 199,
      withoutPlan: 0,
      registered: 63, // 42 poor + 21 near-poor of causes 5/6
      expected: 47, // near-poor of causes 4 and 8
      notExpected: 38, // near-poor without labour
      onTrack: 63,
      atRisk: 47,
      atRiskReasons: [{ reason: "NO_SIGNED_COMMITMENT", households: 47 }],
      projectedPoor: 2,
      projectedNearPoor: 134, // 155 − 21
      projectedPoorRate: 0.0027, // 2 / 73,700
      projectedNearPoorRate: 0.1818,
      projectedMultidimensionalRate: 0.1845,
    });
    const targets = Object.fromEntries(f.targets.map((t) => [t.target.code, [t.projected, t.met]]));
    expect(targets).toEqual({
      "2024.POOR_RATE_REDUCTION": [0.0579, false], // 0.0606 − 0.0027: the two poor households without labour keep the city short of 0.06
      "2024.NEAR_POOR_RATE_REDUCTION": [0.0317, true],
      "2024.MULTIDIMENSIONAL_POVERTY_RATE": [0.1845, true],
      // The five wards to clear and the 12 kept at zero (the 2023 review's wards without a poor household).
      "2024.POOR_HOUSEHOLDS.WARD_21550": [0, true],
      "2024.POOR_HOUSEHOLDS.WARD_21553": [0, true],
      "2024.POOR_HOUSEHOLDS.WARD_21556": [0, true],
      "2024.POOR_HOUSEHOLDS.WARD_21559": [0, true],
      "2024.POOR_HOUSEHOLDS.WARD_21562": [0, true],
      "2024.POOR_HOUSEHOLDS.WARD_21565": [0, true],
      "2024.POOR_HOUSEHOLDS.WARD_21568": [0, true],
      "2024.POOR_HOUSEHOLDS.WARD_21571": [0, true],
      "2024.POOR_HOUSEHOLDS.WARD_21574": [0, true],
      "2024.POOR_HOUSEHOLDS.WARD_21577": [0, true],
      "2024.POOR_HOUSEHOLDS.WARD_21580": [0, true],
      "2024.POOR_HOUSEHOLDS.WARD_21583": [0, true],
      "2024.POOR_HOUSEHOLDS.WARD_21586": [0, true],
      "2024.POOR_HOUSEHOLDS.WARD_21592": [0, true],
      "2024.POOR_HOUSEHOLDS.WARD_21595": [0, true],
      "2024.POOR_HOUSEHOLDS.WARD_21601": [0, true],
      "2024.POOR_HOUSEHOLDS.WARD_21604": [0, true],
      "2024.WARDS_WITHOUT_POOR_HOUSEHOLDS.KEPT": [19, true], // 12 now, the five cleared, Nhơn Lý and Nhơn Châu too
    });
    expect(f.targets.find((t) => t.target.code === "2024.POOR_RATE_REDUCTION")!.explanation).toBe(
      "poor rate of the city from 0.0606 % to a projected 0.0027 %: down 0.0579 points, target 0.06",
    );
    expect(f.rules.length).toBeGreaterThan(0);
  });

  it("2024, ward by ward: [code, poor, near-poor, registered, expected, not expected, on track, at risk, projected poor, projected near-poor]", async () => {
    const { planForecast: f } = await data(api, PlanForecastDocument, { year: 2024 });
    expect(
      f.wards.map((w) => [
        w.wardCode,
        w.poorNow,
        w.nearPoorNow,
        w.registered,
        w.expected,
        w.notExpected,
        w.onTrack,
        w.atRisk,
        w.projectedPoor,
        w.projectedNearPoor,
      ]),
    ).toEqual([
      ["21550", 3, 12, 4, 3, 4, 4, 3, 0, 11],
      ["21553", 2, 10, 2, 3, 1, 2, 3, 0, 10],
      ["21556", 0, 6, 2, 0, 2, 2, 0, 0, 4],
      ["21559", 2, 8, 3, 5, 0, 3, 5, 0, 7],
      ["21562", 0, 5, 0, 2, 1, 0, 2, 0, 5],
      ["21565", 2, 6, 3, 2, 1, 3, 2, 0, 5],
      ["21568", 0, 4, 1, 2, 1, 1, 2, 0, 3],
      ["21571", 0, 2, 0, 1, 1, 0, 1, 0, 2],
      ["21574", 0, 2, 0, 2, 0, 0, 2, 0, 2],
      ["21577", 0, 4, 0, 1, 1, 0, 1, 0, 4],
      ["21580", 0, 3, 0, 1, 0, 0, 1, 0, 3],
      ["21583", 0, 2, 0, 0, 1, 0, 0, 0, 2],
      ["21586", 0, 3, 0, 1, 0, 0, 1, 0, 3],
      ["21589", 8, 18, 8, 4, 7, 8, 4, 1, 17],
      ["21592", 0, 5, 3, 1, 1, 3, 1, 0, 2],
      ["21595", 0, 8, 2, 4, 1, 2, 4, 0, 6],
      ["21598", 8, 16, 12, 3, 2, 12, 3, 0, 12],
      ["21601", 0, 9, 2, 2, 4, 2, 2, 0, 7],
      ["21604", 3, 11, 5, 3, 4, 5, 3, 0, 9],
      ["21607", 8, 10, 8, 3, 2, 8, 3, 0, 10],
      ["21991", 8, 11, 8, 4, 4, 8, 4, 1, 10],
    ]);
  });

  it("2025: the 2 poor and 49 ill near-poor households expected then have not signed, so the forecast says the city misses no poor household", async () => {
    const { planForecast: f } = await data(api, PlanForecastDocument, { year: 2025 });
    expect(f.city).toMatchObject({
      registered: 0,
      expected: 51,
      onTrack: 0,
      atRisk: 51,
      atRiskReasons: [{ reason: "NO_SIGNED_COMMITMENT", households: 51 }],
      projectedPoor: 2,
      projectedNearPoor: 134,
    });
    expect(f.targets.map((t) => [t.target.code, t.projected, t.met])).toEqual([
      ["2025.POOR_HOUSEHOLDS.CITY", 2, false],
    ]);
  });

  it("the plans' figures match the plan's: 29 households in the community production project, 5 of causes 5/6 and 24 of cause 7", async () => {
    const rows: { causes: number[]; n: number }[] = await api.platform.database.dataSource.query(
      `SELECT h.poverty_causes AS causes, count(*)::int AS n FROM household_plan p JOIN household h ON h.id = p.household_id WHERE p.production_model IS NOT NULL GROUP BY 1 ORDER BY 1`,
    );
    expect(rows).toEqual([
      { causes: [5], n: expect.any(Number) },
      { causes: [6], n: expect.any(Number) },
      { causes: [7], n: 24 },
    ]);
    expect(rows[0].n + rows[1].n).toBe(5);
  });
});
