/**
 * The condition that a ward is valid (carries its code and its households) on a day: from
 * `valid_from` (inclusive; NULL: since before the platform) until `valid_until` (exclusive; NULL:
 * still). The one spelling of the rule beside SQL function `ward_on()` (migration
 * ReviewsStandardsAndWardChanges), which follows a ward to its successor on a day; change both
 * together.
 *
 * `alias` is the ward table's alias in the query (null: unqualified columns); `day` is an SQL
 * expression of type date (`CAST($1 AS date)`, `current_date`, `make_date($1, 12, 31)`), never a
 * value: values go in as bound parameters.
 */
export function wardValidOnSql(alias: string | null, day: string): string {
  const c = alias ? `${alias}.` : "";
  return `(${c}valid_from IS NULL OR ${c}valid_from <= ${day}) AND (${c}valid_until IS NULL OR ${c}valid_until > ${day})`;
}
