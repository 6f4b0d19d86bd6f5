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

/**
 * "Now" as a database snapshot has it: every transaction older than `xmin`, or older than `xmax`
 * and not `running`, had committed (or aborted). A cursor for now names one, not a position: a
 * transaction still running may hold a lower id than one already committed, so no position splits
 * what was committed from what was not.
 */
export interface SnapshotPoint {
  xmin: bigint;
  xmax: bigint;
  /** Ascending, each in [xmin, xmax). */
  running: bigint[];
}

/** What a cursor's holder has seen: every event up to a position, or every event a snapshot sees. */
export type Seen = EventPosition | SnapshotPoint;

export function hasSeen(seen: Seen, p: EventPosition): boolean {
  if ("txId" in seen) return !isAfter(p, seen);
  return p.txId < seen.xmin || (p.txId < seen.xmax && !seen.running.includes(p.txId));
}

/** The position every event its holder has not seen comes after. */
export function unseenAfter(seen: Seen): EventPosition {
  return "txId" in seen ? seen : { txId: seen.xmin, id: -1n };
}

/** The snapshot in PostgreSQL's pg_snapshot text form. */
export const snapshotText = (s: SnapshotPoint) => `${s.xmin}:${s.xmax}:${s.running.join(",")}`;

export function parseSnapshot(text: string): SnapshotPoint {
  const [xmin, xmax, running] = text.split(":");
  return {
    xmin: BigInt(xmin),
    xmax: BigInt(xmax),
    running: running ? running.split(",").map(BigInt) : [],
  };
}

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

  encode(seen: Seen): string {
    const text =
      "txId" in seen
        ? `ev2:${this.tag}:${seen.txId}:${seen.id}`
        : // Running ids as offsets from xmin keep a busy server's cursor short.
          `ev3:${this.tag}:${seen.xmin}:${seen.xmax - seen.xmin}:${seen.running.map((x) => x - seen.xmin).join(",")}`;
    return Buffer.from(text).toString("base64url");
  }

  /**
   * The position a cursor points at. Throws FOREIGN_CURSOR for a cursor of another database,
   * BAD_USER_INPUT for anything this API did not issue. Cursors issued before they named their
   * database (`ev1`) are taken as this database's: clients saved them in good faith.
   */
  decode(cursor: string): Seen {
    const text = /^[A-Za-z0-9_-]{1,20000}$/.test(cursor)
      ? Buffer.from(cursor, "base64url").toString("utf8")
      : "";
    const position = /^ev(?:1|2:([0-9a-f]{12})):(\d{1,20}):(\d{1,20})$/.exec(text);
    const snapshot =
      /^ev3:([0-9a-f]{12}):(\d{1,20}):(\d{1,20}):((?:\d{1,20}(?:,\d{1,20})*)?)$/.exec(text);
    const seen = position
      ? { txId: BigInt(position[2]), id: BigInt(position[3]) }
      : snapshot && snapshotOf(snapshot[2], snapshot[3], snapshot[4]);
    if (!seen || !isValid(seen))
      throw badInput("error.subscription.cursor", {}, { argument: "after" });
    const tag = (position ?? snapshot)![1];
    if (tag && tag !== this.tag) {
      throw new DomainError(
        "FOREIGN_CURSOR",
        "error.subscription.foreignCursor",
        {},
        { argument: "after" },
      );
    }
    return seen;
  }
}

function snapshotOf(xmin: string, span: string, running: string): SnapshotPoint {
  const base = BigInt(xmin);
  return {
    xmin: base,
    xmax: base + BigInt(span),
    running: running ? running.split(",").map((x) => base + BigInt(x)) : [],
  };
}

/** xid8 is unsigned 64-bit, the event id a signed 64-bit bigint; a snapshot's running ids ascend inside it. */
function isValid(seen: Seen): boolean {
  const MAX_XID = 2n ** 64n - 1n;
  if ("txId" in seen) return seen.txId <= MAX_XID && seen.id <= 2n ** 63n - 1n;
  return (
    seen.xmax <= MAX_XID &&
    seen.running.every(
      (x, i) => x >= seen.xmin && x < seen.xmax && (i === 0 || x > seen.running[i - 1]),
    )
  );
}
