import { badInput } from "./errors";

/** Returns `value` when it is a real calendar date YYYY-MM-DD, or throws BAD_USER_INPUT naming the argument. */
export function calendarDate(value: string, argument: string): string {
  const date = new Date(`${value}T00:00:00Z`);
  const valid = /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value) && value >= "1900" && value < "2101";
  if (!valid) throw badInput(`${argument} must be a calendar date YYYY-MM-DD from 1900 to 2100; got "${value.slice(0, 20)}"`, { argument });
  return value;
}

/** Today's date (UTC) as YYYY-MM-DD. */
export const todayIso = (): string => new Date().toISOString().slice(0, 10);
