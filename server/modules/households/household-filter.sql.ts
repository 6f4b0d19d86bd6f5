import type { ObjectLiteral } from "typeorm";
import { badInput } from "../../shared/errors";
import { requireUuid } from "../../shared/ids";
import { namedParameters } from "../../shared/sql-parameters";
import { foldVietnamese } from "../../shared/text-folding";
import { wardCodesSql } from "../wards";
import type { HouseholdFilter } from "./household.inputs";

const MAX_SEARCH_LENGTH = 100;

/** What the filter adds its conditions to: a TypeORM query builder, or the Conditions of a raw statement. */
interface Where {
  andWhere(condition: string, parameters?: ObjectLiteral): unknown;
}

/**
 * Adds the filter's conditions to a query over `household` aliased `h`. A ward code names the
 * ward carrying it on `today` (YYYY-MM-DD): codes are reused across years.
 * Throws BAD_USER_INPUT for malformed ids or codes, or an over-long search.
 */
export function applyHouseholdFilter<Q extends Where>(
  q: Q,
  filter: HouseholdFilter,
  today: string,
): Q {
  if (filter.wardIds)
    q.andWhere("h.ward_id = ANY(:wardIds)", {
      wardIds: filter.wardIds.map((id) => requireUuid(id, "filter.wardIds")),
    });
  if (filter.wardCodes) {
    const { bind, params } = namedParameters("wardCodes");
    q.andWhere(
      wardCodesSql("h.ward_id", filter.wardCodes, today, bind, "filter.wardCodes"),
      params,
    );
  }
  if (filter.classifications)
    q.andWhere("h.classification = ANY(:classifications)", {
      classifications: filter.classifications,
    });
  if (filter.deprivationsAnyOf)
    q.andWhere("h.deprivations && CAST(:anyOf AS text[])", { anyOf: filter.deprivationsAnyOf });
  if (filter.deprivationsAllOf)
    q.andWhere("h.deprivations @> CAST(:allOf AS text[])", { allOf: filter.deprivationsAllOf });
  if (filter.deprivationsNoneOf)
    q.andWhere("NOT (h.deprivations && CAST(:noneOf AS text[]))", {
      noneOf: filter.deprivationsNoneOf,
    });
  if (filter.povertyCauses)
    q.andWhere("h.poverty_causes && CAST(:causes AS smallint[])", { causes: filter.povertyCauses });
  if (filter.classificationDisagrees !== undefined && filter.classificationDisagrees !== null) {
    const checked = (disagrees: boolean) =>
      `h.id IN (SELECT c.household_id FROM household_classification_check c WHERE c.disagrees = ${disagrees})`;
    q.andWhere(checked(filter.classificationDisagrees));
  }
  if (filter.search !== undefined && filter.search !== null) {
    if (filter.search.length > MAX_SEARCH_LENGTH) {
      throw badInput(
        "error.input.tooLong",
        { argument: "filter.search", max: MAX_SEARCH_LENGTH },
        { argument: "filter.search" },
      );
    }
    const folded = foldVietnamese(filter.search);
    if (folded)
      q.andWhere("h.search_key LIKE :pattern ESCAPE '\\'", {
        pattern: `%${folded.replace(/[\\%_]/g, "\\$&")}%`,
      });
  }
  return q;
}
