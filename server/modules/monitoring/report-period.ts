/** dd/mm/yyyy, as Vietnamese documents write a date. */
export const vietnameseDate = (iso: string) => iso.split("-").reverse().join("/");

const QUARTERS = ["I", "II", "III", "IV"];
const LAST_DAY = ["03-31", "06-30", "09-30", "12-31"];

/**
 * A report's period as officials write it in a title: "năm 2024", "6 tháng đầu năm 2024",
 * "6 tháng cuối năm 2024", "quý II năm 2024"; any other span "từ ngày 05/01/2024 đến ngày 20/03/2024".
 */
export function vietnamesePeriod(from: string, to: string): string {
  const year = from.slice(0, 4);
  const span = to.slice(0, 4) === year ? `${from.slice(5)}/${to.slice(5)}` : "";
  if (span === "01-01/12-31") return `năm ${year}`;
  if (span === "01-01/06-30") return `6 tháng đầu năm ${year}`;
  if (span === "07-01/12-31") return `6 tháng cuối năm ${year}`;
  const quarter = LAST_DAY.findIndex(
    (last, i) => span === `${String(i * 3 + 1).padStart(2, "0")}-01/${last}`,
  );
  if (quarter >= 0) return `quý ${QUARTERS[quarter]} năm ${year}`;
  return `từ ngày ${vietnameseDate(from)} đến ngày ${vietnameseDate(to)}`;
}
