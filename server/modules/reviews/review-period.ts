import { badInput } from "../../shared/errors";
import { ReviewKind } from "./review.entity";

export interface ReviewPeriod {
  code: string;
  kind: ReviewKind;
  startsOn: string;
  endsOn: string;
}

const pad = (n: number) => String(n).padStart(2, "0");

/**
 * The review a code names, with the period the regulation gives it (Decision 24/2021/QĐ-TTg):
 * YYYY-PERIODIC runs 1 September – 14 December; YYYY-MM-REGULAR from the 15th of the month to the
 * 14th of the next; case is ignored. Throws BAD_USER_INPUT for any other code.
 */
export function reviewPeriodOf(written: string): ReviewPeriod {
  const code = written.trim().toUpperCase();
  const periodic = /^(\d{4})-PERIODIC$/.exec(code);
  const regular = /^(\d{4})-(0[1-9]|1[0-2])-REGULAR$/.exec(code);
  const year = Number((periodic ?? regular)?.[1]);
  if (!(year >= 2000 && year <= 2100)) {
    throw badInput("error.review.name", { value: written.slice(0, 30) }, { argument: "review" });
  }
  if (periodic)
    return { code, kind: ReviewKind.PERIODIC, startsOn: `${year}-09-01`, endsOn: `${year}-12-14` };
  const month = Number(regular![2]);
  const [nextYear, nextMonth] = month === 12 ? [year + 1, 1] : [year, month + 1];
  return {
    code,
    kind: ReviewKind.REGULAR,
    startsOn: `${year}-${pad(month)}-15`,
    endsOn: `${nextYear}-${pad(nextMonth)}-14`,
  };
}
