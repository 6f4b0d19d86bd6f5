import { badInput, DomainError } from "../../shared/errors";

/**
 * Where an event stands in delivery order: the id of the transaction that wrote it, then its own
 * id. Ids from the sequence are handed out before commit and so can commit out of order; ordering
 * by writer transaction, and reading only transactions older than every one still running, gives
 * each reader every event exactly once.
 */
export interface EventPosition {
  txId: bigint;
  id: bigint;
}

export const START: EventPosition = { txId: 0n, id: 0n };

export function isAfter(a: EventPosition, b: EventPosition): boolean {
  return a.txId > b.txId || (a.txId === b.txId && a.id > b.id);
}

export const maxPosition = (a: EventPosition, b: EventPosition) => (isAfter(a, b) ? a : b);

/**
 * The event cursors of one database. A cursor names the database that issued it (a tag from its
 * identity, see the database_identity migration), so a cursor of another database is refused rather
 * than read as a position here, which would silently skip or repeat events.
 */
export class EventCursors {
  private readonly tag: string;

  constructor(databaseId: string) {
    this.tag = databaseId.replace(/-/g, "").slice(0, 12).toLowerCase();
  }

  encode(p: EventPosition): string {
    return Buffer.from(`ev2:${this.tag}:${p.txId}:${p.id}`).toString("base64url");
  }

  /**
   * The position a cursor points at. Throws FOREIGN_CURSOR for a cursor of another database,
   * BAD_USER_INPUT for anything this API did not issue. Cursors issued before they named their
   * database (`ev1`) are taken as this database's: clients saved them in good faith.
   */
  decode(cursor: string): EventPosition {
    const match = /^ev(?:1|2:([0-9a-f]{12})):(\d{1,20}):(\d{1,20})$/.exec(
      /^[A-Za-z0-9_-]{1,100}$/.test(cursor)
        ? Buffer.from(cursor, "base64url").toString("utf8")
        : "",
    );
    const position = match ? { txId: BigInt(match[2]), id: BigInt(match[3]) } : null;
    // xid8 is unsigned 64-bit, the event id a signed 64-bit bigint.
    if (!position || position.txId > 2n ** 64n - 1n || position.id > 2n ** 63n - 1n) {
      throw badInput("error.subscription.cursor", {}, { argument: "after" });
    }
    if (match![1] && match![1] !== this.tag) {
      throw new DomainError(
        "FOREIGN_CURSOR",
        "error.subscription.foreignCursor",
        {},
        { argument: "after" },
      );
    }
    return position;
  }
}
