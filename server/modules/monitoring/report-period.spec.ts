import { vietnameseDate, vietnamesePeriod } from "./report-period";

describe("report periods as Vietnamese officials write them", () => {
  it.each([
    ["2024-01-01", "2024-12-31", "năm 2024"],
    ["2024-01-01", "2024-06-30", "6 tháng đầu năm 2024"],
    ["2024-07-01", "2024-12-31", "6 tháng cuối năm 2024"],
    ["2024-04-01", "2024-06-30", "quý II năm 2024"],
    ["2025-10-01", "2025-12-31", "quý IV năm 2025"],
    ["2024-01-05", "2024-03-20", "từ ngày 05/01/2024 đến ngày 20/03/2024"],
    ["2024-07-01", "2025-06-30", "từ ngày 01/07/2024 đến ngày 30/06/2025"],
  ])("%s – %s is %s", (from, to, written) => expect(vietnamesePeriod(from, to)).toBe(written));

  it("writes dates dd/mm/yyyy", () => expect(vietnameseDate("2024-03-09")).toBe("09/03/2024"));
});
