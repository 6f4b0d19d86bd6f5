import type { DataSource } from "typeorm";
import type { Actor } from "../../shared/actor";
import { requireAllowed } from "../../shared/auth";
import { badInput } from "../../shared/errors";
import { requireUuid } from "../../shared/ids";
import { decodeCursor, encodeCursor, pageSize, type KeysetPage } from "../../shared/pagination";
import type { PersonalDataReads } from "../../shared/personal-data";
import { PersonalDataAccess } from "./personal-data-access.entity";

const CURSOR_LIST = "access";

interface LogRow {
  user_id: string;
  role: string;
  household_id: string;
  fields: string[];
  operation: string | null;
}

interface Batch {
  rows: LogRow[];
  written: Promise<void>;
}

export class AccessLogService {
  /** The rows waiting for the statement in flight to finish; written together by the next one. */
  private next: Batch | null = null;
  private inFlight: Promise<void> = Promise.resolve();

  constructor(private readonly db: DataSource) {}

  /**
   * Writes what `actor`'s request read of personal data and resolves once it is committed — the answer
   * waits for it, so no read leaves unlogged; nothing when it read none. Fails when the write
   * fails. Requests finishing while a write is in flight are written together by the next
   * statement (one per batch instead of one per request), none waits for more than that one.
   */
  write(actor: Actor, operation: string | null, reads: PersonalDataReads): Promise<void> {
    const entries = reads.drain();
    if (entries.length === 0) return Promise.resolve();
    const rows = entries.map((e) => ({
      user_id: actor.name,
      role: actor.viewer.role,
      household_id: e.householdId,
      fields: e.fields,
      operation,
    }));
    if (this.next) {
      this.next.rows.push(...rows);
      return this.next.written;
    }
    const batch: Batch = { rows, written: this.inFlight.then(() => this.insert(batch)) };
    this.next = batch;
    // The batch is closed once its statement starts; a failed one fails only its own requests.
    this.inFlight = batch.written.catch(() => undefined);
    return batch.written;
  }

  private async insert(batch: Batch): Promise<void> {
    if (this.next === batch) this.next = null;
    await this.db.query(
      `INSERT INTO personal_data_access (user_id, role, household_id, fields, operation)
       SELECT r.user_id, r.role, r.household_id, r.fields, r.operation FROM jsonb_to_recordset($1::jsonb) AS r(user_id text, role text, household_id uuid, fields text[], operation text)`,
      [JSON.stringify(batch.rows)],
    );
  }

  /**
   * The log, newest first, optionally for one household or one user. Throws FORBIDDEN unless the
   * actor may use personalDataAccessLog (ADMIN), BAD_USER_INPUT for a malformed id or cursor.
   */
  async page(
    actor: Actor,
    filter: { householdId?: string; userId?: string },
    first?: number | null,
    after?: string | null,
  ): Promise<KeysetPage<PersonalDataAccess>> {
    requireAllowed(actor.viewer, "personalDataAccessLog");
    const size = pageSize(first);
    const q = this.db.getRepository(PersonalDataAccess).createQueryBuilder("a");
    if (filter.householdId)
      q.andWhere("a.household_id = :h", { h: requireUuid(filter.householdId, "householdId") });
    if (filter.userId) q.andWhere("a.user_id = :u", { u: filter.userId });
    if (after) {
      const afterId = decodeCursor(CURSOR_LIST, after).sortKey;
      if (!/^\d{1,19}$/.test(afterId))
        throw badInput("error.input.cursor", {}, { argument: "after" });
      q.andWhere("a.id < CAST(:afterId AS bigint)", { afterId });
    }
    const rows = await q
      .orderBy("a.id", "DESC")
      .limit(size + 1)
      .getMany();
    const page = rows.slice(0, size);
    return {
      rows: page,
      // The id is both the order and unique; a fixed uuid fills the cursor's tie-breaker slot.
      cursors: page.map((r) =>
        encodeCursor(CURSOR_LIST, { sortKey: r.id, id: "00000000-0000-4000-8000-000000000000" }),
      ),
      hasNextPage: rows.length > size,
      hasPreviousPage: Boolean(after),
    };
  }
}
