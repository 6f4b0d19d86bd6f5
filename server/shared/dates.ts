import { badInput } from "./errors";

/** Returns `value` when it is a real calendar date YYYY-MM-DD, or throws BAD_USER_INPUT naming the argument. */
export function calendarDate(value: string, argument: string): string {
  const date = new Date(`${value}T00:00:00Z`);
  const valid =
    /^\d{4}-\d{2}-\d{2}$/.test(value) &&
    !Number.isNaN(date.getTime()) &&
    date.toISOString().startsWith(value) &&
    value >= "1900" &&
    value < "2101";
  if (!valid)
    throw badInput("error.input.date", { argument, value: value.slice(0, 20) }, { argument });
  return value;
}

/**
 * Quy Nhơn's time zone (UTC+7, no daylight saving): deadlines, overdue steps, report and review
 * periods turn at local midnight, 17:00 UTC. The configuration (TIME_ZONE) may name another.
 */
export const DEFAULT_TIME_ZONE = "Asia/Ho_Chi_Minh";

/** Whether the IANA time zone name is one Node knows (PostgreSQL ships the same database of zones). */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

const dayIn = (zone: string) =>
  new Intl.DateTimeFormat("en", {
    timeZone: zone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  });
let calendar = dayIn(DEFAULT_TIME_ZONE);

/**
 * Takes every calendar date of Node in `zone` from now on; the database sessions are set to the
 * same zone where they are opened (openDatabase), so `current_date` there agrees with todayIso here.
 */
export function useTimeZone(zone: string): void {
  calendar = dayIn(zone);
}

/** Today as todayIso last told it, and in which second and calendar. */
let today = { second: NaN, calendar, day: "" };

/** The calendar date (in the platform's time zone) of an instant, now unless given, as YYYY-MM-DD. */
export function todayIso(at?: Date): string {
  if (at) return dayOf(at);
  // Asked on every page read: formatting costs more than the read's own SQL building, so today is kept for the second it was told in.
  const second = Math.floor(Date.now() / 1000);
  if (second !== today.second || calendar !== today.calendar)
    today = { second, calendar, day: dayOf(new Date(second * 1000)) };
  return today.day;
}

function dayOf(at: Date): string {
  const parts = Object.fromEntries(calendar.formatToParts(at).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day}`;
}
