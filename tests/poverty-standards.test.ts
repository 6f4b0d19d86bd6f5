import { answerOf, data, errorOf } from "./harness/api-helpers";
import {
  ClassificationIssuesDocument,
  CreatePovertyStandardDocument,
  HouseholdDeprivationsDocument,
  PovertyStandardsDocument,
} from "./harness/operations.generated";
import { startTestPlatform, type TestPlatform } from "./harness/test-platform";
import { Role } from "../server/shared/auth";

let api: TestPlatform;
beforeAll(async () => {
  api = await startTestPlatform();
});
afterAll(() => api.close());

const STANDARD_2026 = {
  code: "2026-2030",
  name: "Chuẩn nghèo đa chiều giai đoạn 2026–2030",
  validFrom: "2026-01-01",
  ruralIncomeThreshold: 2_200_000,
  urbanIncomeThreshold: 2_800_000,
  minDeprivationsForPoor: 3,
};

describe("poverty standards", () => {
  it("has the 2022–2025 standard loaded as dated data", async () => {
    const { povertyStandards } = await data(api, PovertyStandardsDocument);
    expect(povertyStandards).toEqual([
      {
        code: "2022-2025",
        validFrom: "2022-01-01",
        validUntil: "2026-01-01",
        ruralIncomeThreshold: 1_500_000,
        urbanIncomeThreshold: 2_000_000,
        ruralScoreThreshold: 140,
        urbanScoreThreshold: 175,
        minDeprivationsForPoor: 3,
      },
    ]);
  });

  it("lists every household whose recorded classification disagrees with the standard, with the reason, and keeps the recorded one", async () => {
    const all = await data(api, HouseholdDeprivationsDocument, {
      filter: { classifications: ["POOR"] },
    });
    const poorBelowThree = all.households.edges
      .filter((e) => e.node.deprivations.length < 3)
      .map((e) => e.node.code)
      .sort();
    expect(poorBelowThree).toHaveLength(6);

    const { classificationIssues } = await data(api, ClassificationIssuesDocument);
    // Every demo household's income is under its threshold, so only the deprivation count can disagree.
    const codes = classificationIssues.edges.map((e) => e.node.household.code);
    expect(codes.filter((c) => poorBelowThree.includes(c)).sort()).toEqual(poorBelowThree);
    expect(classificationIssues.totalCount).toBe(codes.length);
    for (const { node } of classificationIssues.edges) {
      expect(node.household.classification).toBe(node.recordedClassification);
      expect(node.standard.code).toBe("2022-2025");
      expect(node.checkedOn).toBe("2023-12-14");
      if (node.recordedClassification === "POOR") {
        expect(node).toMatchObject({ expectedClassification: "NEAR_POOR" });
        expect(node.reason).toBe(
          `recorded POOR with ${node.deprivationCount} of the 12 indicators deprived; standard 2022-2025 needs at least 3 for POOR, so the household is NEAR_POOR`,
        );
      } else {
        expect(node).toMatchObject({
          recordedClassification: "NEAR_POOR",
          expectedClassification: "POOR",
        });
        expect(node.deprivationCount).toBeGreaterThanOrEqual(3);
      }
    }
  });

  it("shows a ward officer the issues of the ward only", async () => {
    const { classificationIssues: all } = await data(api, ClassificationIssuesDocument);
    const ward = all.edges[0].node.household.ward.code;
    const officer = api.as({ sub: "officer", role: Role.WARD_OFFICER, ward });
    const res = await answerOf(officer, ClassificationIssuesDocument);
    expect(res.errors).toBeUndefined();
    const wards = new Set(
      res.data!.classificationIssues.edges.map((e) => e.node.household.ward.code),
    );
    expect([...wards]).toEqual([ward]);
    expect(res.data!.classificationIssues.totalCount).toBe(
      all.edges.filter((e) => e.node.household.ward.code === ward).length,
    );
  });

  it("takes a later standard without a code change, and refuses one that overlaps", async () => {
    const created = await data(api, CreatePovertyStandardDocument, { standard: STANDARD_2026 });
    expect(created.createPovertyStandard).toEqual({
      code: "2026-2030",
      validFrom: "2026-01-01",
      validUntil: null,
    });
    const overlap = await errorOf(api, CreatePovertyStandardDocument, {
      standard: {
        ...STANDARD_2026,
        code: "OVERLAP",
        validFrom: "2025-06-01",
        validUntil: "2026-06-01",
      },
    });
    expect(overlap.extensions?.code).toBe("CONFLICT");
    const { povertyStandards } = await data(api, PovertyStandardsDocument);
    expect(povertyStandards.map((s) => s.code)).toEqual(["2022-2025", "2026-2030"]);
  });

  it.each([
    [{ code: "bad code" }, "code"],
    [{ validFrom: "2031-02-30" }, "validFrom"],
    [{ validFrom: "2031-01-01", validUntil: "2030-01-01" }, "validUntil"],
    [{ ruralIncomeThreshold: 0 }, "ruralIncomeThreshold"],
    [{ ruralScoreThreshold: 150 }, "ruralScoreThreshold"],
    [{ minDeprivationsForPoor: 13 }, "minDeprivationsForPoor"],
  ])("refuses %j, naming %s, and writes nothing", async (change, argument) => {
    const err = await errorOf(api, CreatePovertyStandardDocument, {
      standard: { ...STANDARD_2026, code: "2031-2035", validFrom: "2031-01-01", ...change },
    });
    expect(err.extensions).toMatchObject({ code: "BAD_USER_INPUT", argument });
    expect(
      (await data(api, PovertyStandardsDocument)).povertyStandards.map((s) => s.code),
    ).not.toContain("2031-2035");
  });

  it("is closed to everyone but ADMIN for writing", async () => {
    const err = await answerOf(
      api.as({ sub: "a", role: Role.ANALYST }),
      CreatePovertyStandardDocument,
      { standard: { ...STANDARD_2026, code: "X" } },
    );
    expect(err.errors?.[0].extensions?.code).toBe("FORBIDDEN");
  });
});
