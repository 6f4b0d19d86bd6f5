import type { DataSource } from "typeorm";
import type { Viewer } from "../../shared/auth";
import { badInput } from "../../shared/errors";
import { requireUuid } from "../../shared/ids";
import { decodeCursor, encodeCursor, pageSize, type KeysetPage } from "../../shared/pagination";
import type { PersonalDataReads } from "../../shared/personal-data";
import { PersonalDataAccess } from "./personal-data-access.entity";

const CURSOR_LIST = "access";

export class AccessLogService {
  constructor(private readonly db: DataSource) {}

  /** Writes what the request read of personal data, in one statement; nothing when it read none. */
  async write(viewer: Viewer, operation: string | null, reads: PersonalDataReads): Promise<void> {
    const entries = reads.drain();
    if (entries.length === 0) return;
    await this.db.query(
      `INSERT INTO personal_data_access (user_id, role, household_id, fields, operation)
       SELECT $1, $2, r.household_id, r.fields, $3 FROM jsonb_to_recordset($4::jsonb) AS r(household_id uuid, fields text[])`,
      [viewer.userId, viewer.role, operation, JSON.stringify(entries.map((e) => ({ household_id: e.householdId, fields: e.fields })))],
    );
  }

  /** The log, newest first, optionally for one household or one user. */
  async page(filter: { householdId?: string; userId?: string }, first?: number | null, after?: string | null): Promise<KeysetPage<PersonalDataAccess>> {
    const size = pageSize(first);
    const q = this.db.getRepository(PersonalDataAccess).createQueryBuilder("a");
    if (filter.householdId) q.andWhere("a.household_id = :h", { h: requireUuid(filter.householdId, "householdId") });
    if (filter.userId) q.andWhere("a.user_id = :u", { u: filter.userId });
    if (after) {
      const afterId = decodeCursor(CURSOR_LIST, after).sortKey;
      if (!/^\d{1,19}$/.test(afterId)) throw badInput("error.input.cursor", {}, { argument: "after" });
      q.andWhere("a.id < CAST(:afterId AS bigint)", { afterId });
    }
    const rows = await q.orderBy("a.id", "DESC").limit(size + 1).getMany();
    const page = rows.slice(0, size);
    return {
      rows: page,
      // The id is both the order and unique; a fixed uuid fills the cursor's tie-breaker slot.
      cursors: page.map((r) => encodeCursor(CURSOR_LIST, { sortKey: r.id, id: "00000000-0000-4000-8000-000000000000" })),
      hasNextPage: rows.length > size,
      hasPreviousPage: Boolean(after),
    };
  }
}
