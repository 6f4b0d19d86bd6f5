import type { DataSource, EntityManager } from "typeorm";
import type { Actor } from "../../shared/actor";
import { Role, requireScope, type Viewer } from "../../shared/auth";
import { DomainError, notFound } from "../../shared/errors";
import { applyHouseholdScope, requireHouseholdWriter } from "./household-scope";
import { todayIso } from "../../shared/dates";
import { requireUuid } from "../../shared/ids";
import type { KeysetPage } from "../../shared/pagination";
import { HouseholdMember } from "./household-member.entity";
import { Household } from "./household.entity";
import type { HouseholdAssessmentInput } from "./household-assessment.inputs";
import type { HouseholdFilter } from "./household.inputs";
import { DeprivationIndicator } from "./national-standard";
import { applyHouseholdFilter } from "./household-filter.sql";
import {
  HouseholdPageReader,
  type HouseholdPageFields,
  type HouseholdRow,
} from "./household-page.sql";

/** A household's place in the (code, id) order. */
export interface HouseholdPosition {
  code: string;
  id: string;
}

export class HouseholdService {
  constructor(private readonly db: DataSource) {
    this.pages = new HouseholdPageReader(db);
  }

  private readonly pages: HouseholdPageReader;

  /** The household, or null when none has the id or the viewer may not see it. Throws BAD_USER_INPUT when the id is not a UUID. */
  findById(actor: Actor, id: string): Promise<Household | null> {
    const q = this.db
      .getRepository(Household)
      .createQueryBuilder("h")
      .where("h.id = :id", { id: requireUuid(id, "id") });
    return applyHouseholdScope(q, actor.viewer).getOne();
  }

  /** The households with the ids, for the per-request loader (callers reach them through a scoped parent). */
  byIds(_actor: Actor, ids: readonly string[]): Promise<Household[]> {
    return this.db
      .getRepository(Household)
      .createQueryBuilder("h")
      .where("h.id = ANY(:ids)", { ids })
      .getMany();
  }

  /**
   * One page of households matching the filter, ordered by code with the id as tie-breaker, after
   * the cursor's position: plain objects with the columns the GraphQL `fields` asked for need (the
   * ward's and the total count read along when asked), all columns without them (HouseholdPageReader). Throws BAD_USER_INPUT for a page size outside
   * 1..100, a cursor this API did not issue, or a malformed filter; FORBIDDEN for an analyst's search.
   */
  page(
    actor: Actor,
    filter: HouseholdFilter,
    first?: number | null,
    after?: string | null,
    fields?: HouseholdPageFields,
  ): Promise<KeysetPage<HouseholdRow>> {
    requireMaySearch(actor.viewer, filter);
    return this.pages.page(actor.viewer, filter, first, after, fields, todayIso());
  }

  /** How many households match the filter. */
  count(actor: Actor, filter: HouseholdFilter): Promise<number> {
    return this.filtered(actor, filter).getCount();
  }

  /** The members of the households, head first, for the per-request loader. */
  membersOf(_actor: Actor, householdIds: readonly string[]): Promise<HouseholdMember[]> {
    return this.db
      .getRepository(HouseholdMember)
      .createQueryBuilder("m")
      .where("m.household_id = ANY(:householdIds)", { householdIds })
      .orderBy("m.household_id")
      .addOrderBy("m.position")
      .getMany();
  }

  /**
   * Positions (code, id) that cut the households matching the filter, in that order, into ranges of
   * `size`: range i runs after boundaries[i - 1] (or from the start) up to boundaries[i] (or the
   * end). Lets a city or a province be walked in ranges by several transactions at once. The caller
   * narrows the filter to the actor's scope.
   */
  async rangeBoundaries(
    _actor: Actor,
    filter: HouseholdFilter,
    size: number,
  ): Promise<HouseholdPosition[]> {
    const numbered = applyHouseholdFilter(
      this.db.getRepository(Household).createQueryBuilder("h"),
      filter,
      todayIso(),
    )
      .select("h.code", "code")
      .addSelect("h.id", "id")
      .addSelect("row_number() OVER (ORDER BY h.code, h.id)", "rn");
    const rows: HouseholdPosition[] = await this.db
      .createQueryBuilder()
      .select("x.code", "code")
      .addSelect("x.id", "id")
      .from(`(${numbered.getQuery()})`, "x")
      .where("x.rn % :size = 0", { size })
      .orderBy("x.rn")
      .setParameters(numbered.getParameters())
      .getRawMany();
    return rows;
  }

  /**
   * Households matching the filter after one (code, id) position up to another (inclusive), in that
   * order, read in the caller's transaction.
   */
  inRange(
    _actor: Actor,
    tx: EntityManager,
    filter: HouseholdFilter,
    after: HouseholdPosition | null,
    upTo: HouseholdPosition | null,
  ): Promise<Household[]> {
    const q = applyHouseholdFilter(
      tx.getRepository(Household).createQueryBuilder("h"),
      filter,
      todayIso(),
    );
    if (after)
      q.andWhere("(h.code, h.id) > (:afterCode, :afterId)", {
        afterCode: after.code,
        afterId: after.id,
      });
    if (upTo)
      q.andWhere("(h.code, h.id) <= (:upToCode, :upToId)", {
        upToCode: upTo.code,
        upToId: upTo.id,
      });
    // FOR SHARE: a re-assessment committing meanwhile waits, so routing never acts on needs that just went away.
    return q.orderBy("h.code").addOrderBy("h.id").setLock("pessimistic_read").getMany();
  }

  /** The household, locked for the caller's transaction. Throws NOT_FOUND; the caller checks the actor may write it (requireHouseholdWriter). */
  async lock(_actor: Actor, tx: EntityManager, id: string): Promise<Household> {
    const household = await tx.getRepository(Household).findOne({
      where: { id: requireUuid(id, "householdId") },
      lock: { mode: "pessimistic_write" },
    });
    if (!household) throw notFound("error.notFound.household", { id });
    return household;
  }

  /**
   * Records a new assessment of a household the caller's transaction has locked (`lock`), and
   * returns it as saved (a new object). Throws FORBIDDEN outside the actor's ward, or CONFLICT when
   * the household changed since the caller saw `version`.
   */
  async applyAssessment(
    actor: Actor,
    tx: EntityManager,
    household: Household,
    version: number,
    input: HouseholdAssessmentInput,
  ): Promise<Household> {
    requireHouseholdWriter(actor.viewer, household);
    if (household.version !== version) {
      throw new DomainError(
        "CONFLICT",
        "error.household.stale",
        { seen: version, current: household.version },
        {
          currentVersion: household.version,
        },
      );
    }
    const changes = {
      deprivations: Object.values(DeprivationIndicator).filter((d) =>
        input.deprivations.includes(d),
      ),
      povertyCauses: [...new Set(input.povertyCauses)].sort((a, b) => a - b),
      classification: input.classification,
      version: household.version + 1,
      updatedAt: new Date(),
    };
    await tx.getRepository(Household).update({ id: household.id }, changes);
    return Object.assign(new Household(), household, changes);
  }

  /** Throws FORBIDDEN when an analyst searches by name (requireMaySearch). */
  private filtered({ viewer }: Actor, filter: HouseholdFilter) {
    requireMaySearch(viewer, filter);
    return applyHouseholdScope(
      applyHouseholdFilter(
        this.db.getRepository(Household).createQueryBuilder("h"),
        filter,
        todayIso(),
      ),
      viewer,
    );
  }
}

/** Throws FORBIDDEN when an analyst searches by name: a name search re-identifies households. */
function requireMaySearch(viewer: Viewer, filter: HouseholdFilter): void {
  requireScope(!(viewer.role === Role.ANALYST && filter.search), "error.scope.analystSearch");
}
