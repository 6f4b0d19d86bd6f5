import { badInput } from "../../shared/errors";
import type { Bind } from "../../shared/sql-parameters";
import { wardValidOnSql } from "../../shared/ward-validity.sql";

/**
 * The condition that `column` (a ward id) is a ward carrying one of the GSO codes on `day`
 * (YYYY-MM-DD): codes are reused across years, so a code names the ward that carries it that day.
 * Throws BAD_USER_INPUT, naming `argument`, for a code that is not five digits.
 */
export function wardCodesSql(
  column: string,
  codes: string[],
  day: string,
  bind: Bind,
  argument: string,
): string {
  const bad = codes.find((c) => !/^[0-9]{5}$/.test(c));
  if (bad !== undefined)
    throw badInput("error.input.wardCodes", { argument, value: bad.slice(0, 20) }, { argument });
  const on = `CAST(${bind(day)} AS date)`;
  return `${column} IN (SELECT w.id FROM ward w WHERE w.code = ANY(${bind(codes)})
     AND ${wardValidOnSql("w", on)})`;
}
