import { answerOf, data, errorOf, latestCursor } from "./harness/api-helpers";
import {
  AcceptTaskDocument,
  AdministrativeChangesDocument,
  CompleteTaskDocument,
  HouseholdCountDocument,
  HouseholdReviewHistoryDocument,
  HouseholdWardsDocument,
  PlanProgressAgainstTargetsDocument,
  RecordAdministrativeChangeDocument,
  RouteHouseholdsDocument,
  StartTaskDocument,
  TasksPageDocument,
  TasksWithWardsDocument,
  WardCodesDocument,
  WardsAndChangesDocument,
  type AdministrativeChangeInput,
} from "./harness/operations.generated";
// The rates as the SDK asks for them (`client.povertyRates`).
import {
  PovertyRatesDocument,
  type PovertyRatesQuery,
} from "../client-sdk/src/generated/operations";
import { subscribe } from "./harness/subscriptions";
import { AdministrativeChangeService, WARD_CHANGE_ACTOR } from "../server/modules/ward-changes";
import { WardService } from "../server/modules/wards";
import { Role } from "../server/shared/auth";
import {
  householdRow,
  importList,
  listOfWard,
  reclassified,
  xlsxList,
  type ListRow,
} from "./harness/review-lists";
import { startTestPlatform, type TestPlatform } from "./harness/test-platform";

let api: TestPlatform;
beforeAll(async () => {
  api = await startTestPlatform();
});
afterAll(() => api.close());

const ratesOf = async (year: number) =>
  (await data(api, PovertyRatesDocument, { year })).povertyRates;
const wardIn = (rates: PovertyRatesQuery["povertyRates"], code: string) =>
  rates.wards.find((w) => w.ward?.code === code);

describe("reviews over time", () => {
  let list: Map<string, ListRow[]>;
  let poor: string[];
  let nearPoor: string[];

  beforeAll(async () => {
    list = await listOfWard(api, "21550");
    poor = [...list].filter(([, rows]) => rows[0]["Phân loại hộ"] === "POOR").map(([code]) => code);
    nearPoor = [...list]
      .filter(([, rows]) => rows[0]["Phân loại hộ"] === "NEAR_POOR")
      .map(([code]) => code);
  });

  it("starts from the 2023 lists as a baseline: standing, no changes", async () => {
    expect([poor.length, nearPoor.length]).toEqual([3, 12]);
    const rates = await ratesOf(2023);
    expect(wardIn(rates, "21550")).toMatchObject({
      poor: 3,
      nearPoor: 12,
      escapedPoverty: 0,
      newlyPoor: 0,
      rePoor: 0,
      newlyNearPoor: 0,
    });
    expect(rates.city).toMatchObject({ poor: 44, nearPoor: 155, escapedPoverty: 0, newlyPoor: 0 });
    expect(rates.wards).toHaveLength(21);
  });

  it("counts escaped, newly poor and re-poor households from a 2024 review followed by a 2025 one", async () => {
    const [p1, p2, p3] = poor;
    const n1 = nearPoor[0];
    const rows2024 = [...list].flatMap(([code, rows]) =>
      code === p1
        ? reclassified(rows, "Không nghèo")
        : code === p2
          ? reclassified(rows, "Hộ cận nghèo")
          : code === n1
            ? reclassified(rows, "Không nghèo")
            : rows,
    );
    const newPoor = householdRow("QN-21550-2001", {
      "Họ và tên": "Hồ Văn Khoa",
      "Phân loại hộ": "Hộ nghèo",
      "Thiếu hụt: Việc làm": "x",
      "Thiếu hụt: Nhà tiêu hợp vệ sinh": "x",
    });
    const newNearPoor = householdRow("QN-21550-2002", {
      "Họ và tên": "Mai Thị Lan",
      "Giới tính": "Nữ",
    });
    const report2024 = await importList(api, await xlsxList([...rows2024, newPoor, newNearPoor]), {
      ward: "21550",
      review: "2024-PERIODIC",
    });
    expect(report2024).toMatchObject({
      committed: true,
      householdsInFile: 17,
      householdsCreated: 2,
      householdsUpdated: 3,
      householdsUnchanged: 12,
    });

    const rates2024 = await ratesOf(2024);
    expect(wardIn(rates2024, "21550")).toMatchObject({
      poor: 2,
      nearPoor: 13,
      escapedPoverty: 2,
      escapedNearPoverty: 1,
      newlyPoor: 1,
      rePoor: 0,
      newlyNearPoor: 1,
    });
    expect(wardIn(rates2024, "21550")?.poorRate ?? Number.NaN).toBeCloseTo((2 * 100) / 5_620, 4);
    expect(rates2024.city).toMatchObject({
      poor: 43,
      nearPoor: 156,
      escapedPoverty: 2,
      escapedNearPoverty: 1,
      newlyPoor: 1,
      rePoor: 0,
      newlyNearPoor: 1,
    });
    expect(rates2024.city.poorRate).toBeCloseTo((43 * 100) / rates2024.city.householdsTotal!, 4);

    const report2025 = await importList(
      api,
      await xlsxList([
        ...reclassified(list.get(p1)!, "Hộ nghèo"),
        { ...newPoor, "Phân loại hộ": "Không nghèo" },
      ]),
      { ward: "21550", review: "2025-PERIODIC" },
    );
    expect(report2025).toMatchObject({ committed: true, householdsUpdated: 2 });
    const rates2025 = await ratesOf(2025);
    expect(wardIn(rates2025, "21550")).toMatchObject({
      poor: 2,
      escapedPoverty: 1,
      newlyPoor: 0,
      rePoor: 1,
    });
    expect(rates2025.city.householdsTotal).toBeNull();
    expect(rates2025.city.poorRate).toBeNull();
    expect(p3).toBeDefined();

    // The earlier years keep their figures.
    expect(wardIn(await ratesOf(2024), "21550")).toMatchObject({
      poor: 2,
      escapedPoverty: 2,
      newlyPoor: 1,
    });
    const history = (await data(api, HouseholdReviewHistoryDocument, { search: p1 })).households
      .edges[0].node;
    expect(history).toEqual({
      classification: "POOR",
      reviewHistory: [
        { review: { code: "2023-PERIODIC" }, classification: "POOR" },
        { review: { code: "2024-PERIODIC" }, classification: "NOT_POOR" },
        { review: { code: "2025-PERIODIC" }, classification: "POOR" },
      ],
    });
  });

  it("refuses a year outside 2000–2100", async () => {
    const res = await answerOf(api, PovertyRatesDocument, { year: 1999 });
    expect(res.errors?.[0].extensions).toMatchObject({ code: "BAD_USER_INPUT", argument: "year" });
  });
});

describe("plan progress from the review history", () => {
  it("measures the rate reductions and the zero-poor targets per year", async () => {
    const progress = (await data(api, PlanProgressAgainstTargetsDocument, { year: 2024 }))
      .planProgress;
    const byCode = new Map(progress.map((p) => [p.target.code, p]));
    const rates2023 = await ratesOf(2023);
    const rates2024 = await ratesOf(2024);
    const reduction =
      Math.round((rates2023.city.poorRate! - rates2024.city.poorRate!) * 10_000) / 10_000;
    expect(byCode.get("2024.POOR_RATE_REDUCTION")).toMatchObject({ actual: reduction, note: null });
    const zeroWards = rates2024.wards.filter((w) => w.poor === 0).length;
    expect(byCode.get("2024.WARDS_WITHOUT_POOR_HOUSEHOLDS.KEPT")).toMatchObject({
      actual: zeroWards,
    });
  });
});

describe("a ward kept at zero poor households", () => {
  it("shows a gap once a poor household appears in it", async () => {
    const target = async () =>
      (
        await data(api, PlanProgressAgainstTargetsDocument, {
          year: 2024,
          filter: { metrics: ["POOR_HOUSEHOLDS"] },
        })
      ).planProgress.find((p) => p.target.code === "2024.POOR_HOUSEHOLDS.WARD_21556");
    expect(await target()).toMatchObject({ target: { value: 0 }, actual: 0, gap: 0 });
    await importList(
      api,
      await xlsxList([
        householdRow("QN-21556-9001", { "Phân loại hộ": "Hộ nghèo", "Thiếu hụt: Việc làm": "x" }),
      ]),
      { ward: "21556", review: "2024-PERIODIC" },
    );
    expect(await target()).toMatchObject({ actual: 1, gap: 1 });
  });
});

describe("a merger of wards", () => {
  const merge = (change: AdministrativeChangeInput) =>
    data(api, RecordAdministrativeChangeDocument, { change });

  it("moves households and open tasks to the successor from the effective date, while 2024 keeps the old wards", async () => {
    await data(api, RouteHouseholdsDocument, { filter: { wardCodes: ["21580", "21586"] } });
    const wardIds = (await data(api, WardCodesDocument)).wards
      .filter((w) => ["21580", "21586"].includes(w.code))
      .map((w) => w.id);
    const routed = (await data(api, TasksPageDocument, { filter: { wardIds } })).tasks.edges.map(
      (e) => e.node,
    );
    expect(routed.length).toBeGreaterThan(1);
    const done = routed[0];
    await data(api, AcceptTaskDocument, { id: done.id, version: done.version });
    await data(api, StartTaskDocument, { id: done.id, version: done.version + 1 });
    await data(api, CompleteTaskDocument, {
      id: done.id,
      version: done.version + 2,
      outcome: "card issued",
    });
    const cursor = await latestCursor(api);
    const before2024 = await ratesOf(2024);
    const [oldLtk, oldTranPhu] = [wardIn(before2024, "21580")!, wardIn(before2024, "21586")!];
    expect(oldLtk.ward?.name).toBe("Lý Thường Kiệt");

    const change = await merge({
      predecessorWardCodes: ["21580", "21586"],
      successorWardCode: "21580",
      newSuccessor: { name: "Trần Phú", kind: "PHUONG" },
      effectiveOn: "2025-01-01",
      legalBasis: "Nghị quyết 1318/NQ-UBTVQH15",
    });
    expect(change.recordAdministrativeChange).toMatchObject({
      effectiveOn: "2025-01-01",
      appliedAt: expect.any(String),
      predecessors: [
        { code: "21580", name: "Lý Thường Kiệt", validUntil: "2025-01-01" },
        { code: "21586", name: "Trần Phú", validUntil: "2025-01-01" },
      ],
      successor: { code: "21580", name: "Trần Phú", validFrom: "2025-01-01" },
    });

    // 2024 still shows the two old wards with their households; 2025 the successor with both.
    const after2024 = await ratesOf(2024);
    expect(wardIn(after2024, "21580")).toEqual(oldLtk);
    expect(wardIn(after2024, "21586")).toEqual(oldTranPhu);
    const rates2025 = await ratesOf(2025);
    expect(rates2025.wards).toHaveLength(20);
    expect(wardIn(rates2025, "21586")).toBeUndefined();
    expect(wardIn(rates2025, "21580")).toMatchObject({
      ward: { name: "Trần Phú" },
      nearPoor: oldLtk.nearPoor + oldTranPhu.nearPoor,
      poor: oldLtk.poor + oldTranPhu.poor,
    });

    const moved = (await data(api, HouseholdWardsDocument, { filter: { wardCodes: ["21580"] } }))
      .households;
    expect(moved.totalCount).toBe(
      oldLtk.nearPoor + oldTranPhu.nearPoor + oldLtk.poor + oldTranPhu.poor,
    );
    expect(new Set(moved.edges.map((e) => e.node.ward.name))).toEqual(new Set(["Trần Phú"]));

    // Open tasks follow their households; the completed one keeps the ward it was done in.
    const successorId = change.recordAdministrativeChange.successor.id;
    const all = (
      await data(api, TasksWithWardsDocument, { wardIds: [...wardIds, successorId] })
    ).tasks.edges.map((e) => e.node);
    const open = all.filter((t) => routed.some((r) => r.id === t.id) && t.status === "ROUTED");
    expect(open).toHaveLength(routed.length - 1);
    expect(open.every((t) => t.ward.id === successorId)).toBe(true);
    expect(wardIds).toContain(all.find((t) => t.id === done.id)?.ward.id);

    // The successor's officer and subscribers see the moved households; the ended ward's officers are out.
    const officer = { sub: "officer-tran-phu", role: Role.WARD_OFFICER, ward: "21580" };
    const seen = await data(api.as(officer), HouseholdCountDocument);
    expect(seen.households.totalCount).toBe(moved.totalCount);
    const feed = subscribe<{ taskUpdated: { event: { kind: string } } }>(
      api,
      `subscription($after: String) { taskUpdated(wardCode: "21580", after: $after) { event { kind } task { ward { id } } } }`,
      { after: cursor },
      { token: api.tokenFor(officer) },
    );
    const heard = await Promise.all(open.map(() => feed.next()));
    expect(heard.map((e) => e.taskUpdated.event.kind)).toEqual(open.map(() => "MOVED"));
    await feed.close();
    const ended = await answerOf(
      api.as({ sub: "officer-old", role: Role.WARD_OFFICER, ward: "21586" }),
      HouseholdCountDocument,
    );
    expect(ended.status).toBe(401);
  });

  it("applies a change dated later when its day comes, exactly once", async () => {
    const change = await merge({
      predecessorWardCodes: ["21583"],
      successorWardCode: "21568",
      effectiveOn: "2030-01-01",
    });
    expect(change.recordAdministrativeChange).toMatchObject({
      appliedAt: null,
      successor: { code: "21568", name: "Thị Nại" },
    });
    const leLoi = async () =>
      (await data(api, HouseholdCountDocument, { filter: { wardCodes: ["21583"] } })).households
        .totalCount;
    expect(await leLoi()).toBeGreaterThan(0);

    const db = api.platform.database.dataSource;
    const service = new AdministrativeChangeService(db, new WardService(db));
    expect(await service.applyDue(WARD_CHANGE_ACTOR, "2029-12-31")).toBe(0);
    const applied = await Promise.all([
      service.applyDue(WARD_CHANGE_ACTOR, "2030-01-01"),
      service.applyDue(WARD_CHANGE_ACTOR, "2030-01-01"),
    ]);
    expect(applied.sort()).toEqual([0, 1]);
    expect(await service.applyDue(WARD_CHANGE_ACTOR, "2030-01-01")).toBe(0);
    const listed = (await data(api, AdministrativeChangesDocument)).administrativeChanges;
    expect(listed).toEqual([
      { effectiveOn: "2025-01-01", appliedAt: expect.any(String), successor: { code: "21580" } },
      { effectiveOn: "2030-01-01", appliedAt: expect.any(String), successor: { code: "21568" } },
    ]);
  });

  it.each([
    [
      { predecessorWardCodes: ["99999"], successorWardCode: "21550", effectiveOn: "2026-01-01" },
      "NOT_FOUND",
    ],
    [
      { predecessorWardCodes: ["21586"], successorWardCode: "21550", effectiveOn: "2026-01-01" },
      "NOT_FOUND",
    ],
    [
      { predecessorWardCodes: [], successorWardCode: "21550", effectiveOn: "2026-01-01" },
      "BAD_USER_INPUT",
    ],
    [
      { predecessorWardCodes: ["21553"], successorWardCode: "21553", effectiveOn: "2026-01-01" },
      "BAD_USER_INPUT",
    ],
    [
      {
        predecessorWardCodes: ["21553"],
        successorWardCode: "21550",
        newSuccessor: { name: "X", kind: "PHUONG" },
        effectiveOn: "2026-01-01",
      },
      "CONFLICT",
    ],
    [
      { predecessorWardCodes: ["21553"], successorWardCode: "21550", effectiveOn: "2026-02-30" },
      "BAD_USER_INPUT",
    ],
  ] as [AdministrativeChangeInput, string][])(
    "refuses %j with %s and changes nothing",
    async (change, code) => {
      const before = await data(api, WardsAndChangesDocument);
      expect(
        (await errorOf(api, RecordAdministrativeChangeDocument, { change })).extensions?.code,
      ).toBe(code);
      expect(await data(api, WardsAndChangesDocument)).toEqual(before);
    },
  );

  it("refuses to end a ward before a change it is the successor of, so households never land in an ended ward", async () => {
    await merge({
      predecessorWardCodes: ["21607"],
      successorWardCode: "21604",
      effectiveOn: "2031-01-01",
    });
    const err = await errorOf(api, RecordAdministrativeChangeDocument, {
      change: {
        predecessorWardCodes: ["21604"],
        successorWardCode: "21601",
        effectiveOn: "2030-06-01",
      },
    });
    expect(err.extensions?.code).toBe("CONFLICT");
    expect(err.message).toMatch(/2031-01-01/);
  });

  it("is for ADMIN only", async () => {
    const res = await answerOf(
      api.as({ sub: "a", role: Role.ANALYST }),
      RecordAdministrativeChangeDocument,
      {
        change: {
          predecessorWardCodes: ["21553"],
          successorWardCode: "21550",
          effectiveOn: "2026-01-01",
        },
      },
    );
    expect(res.errors?.[0].extensions?.code).toBe("FORBIDDEN");
  });
});
