/**
 * The apps' users are in Quy Nhơn: times show as there (Asia/Ho_Chi_Minh, UTC+7), in the Vietnamese
 * order dd/mm/yyyy HH:mm, whatever the time zone of the machine running the app.
 */
const DATE_TIME = new Intl.DateTimeFormat("en-GB", {
  timeZone: "Asia/Ho_Chi_Minh",
  day: "2-digit",
  month: "2-digit",
  year: "numeric",
  hour: "2-digit",
  minute: "2-digit",
  hourCycle: "h23",
});

/** `2024-03-05T01:30:00Z` → `05/03/2024 08:30`. */
export const localDateTime = (at: string | Date): string =>
  DATE_TIME.format(new Date(at)).replace(",", "");

/** A calendar date (`2024-03-05`, no time zone) → `05/03/2024`. */
export const localDate = (isoDate: string): string => isoDate.split("-").reverse().join("/");
