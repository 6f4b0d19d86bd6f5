import { DEFAULT_TIME_ZONE, isTimeZone, todayIso, useTimeZone } from "./dates";

// 23:30 on 30 June and 00:30 on 1 July in Quy Nhơn (UTC+7).
const LATE_ON_30_JUNE = new Date("2024-06-30T16:30:00Z");
const EARLY_ON_1_JULY = new Date("2024-06-30T17:30:00Z");

describe("the calendar", () => {
  afterEach(() => useTimeZone(DEFAULT_TIME_ZONE));

  it("turns the day at local midnight in Quy Nhơn, not at 07:00", () => {
    expect(todayIso(LATE_ON_30_JUNE)).toBe("2024-06-30");
    expect(todayIso(EARLY_ON_1_JULY)).toBe("2024-07-01");
    expect(todayIso(new Date("2024-12-31T17:00:00Z"))).toBe("2025-01-01");
  });

  it("takes the configured zone", () => {
    useTimeZone("UTC");
    expect(todayIso(EARLY_ON_1_JULY)).toBe("2024-06-30");
    useTimeZone("America/New_York");
    expect(todayIso(new Date("2024-07-01T03:30:00Z"))).toBe("2024-06-30");
  });

  it("knows IANA zones and refuses other names", () => {
    expect(isTimeZone("Asia/Ho_Chi_Minh")).toBe(true);
    expect(isTimeZone("Asia/Quy_Nhon")).toBe(false);
    expect(isTimeZone("")).toBe(false);
  });
});
