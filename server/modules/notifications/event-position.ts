import { badInput } from "../../shared/errors";

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

export function encodeEventCursor(p: EventPosition): string {
  return Buffer.from(`ev1:${p.txId}:${p.id}`).toString("base64url");
}

/** The position a cursor points at; BAD_USER_INPUT for anything this API did not issue. */
export function decodeEventCursor(cursor: string): EventPosition {
  const match = /^ev1:(\d{1,20}):(\d{1,20})$/.exec(/^[A-Za-z0-9_-]{1,80}$/.test(cursor) ? Buffer.from(cursor, "base64url").toString("utf8") : "");
  const position = match ? { txId: BigInt(match[1]), id: BigInt(match[2]) } : null;
  // xid8 is unsigned 64-bit, the event id a signed 64-bit bigint.
  if (!position || position.txId > 2n ** 64n - 1n || position.id > 2n ** 63n - 1n) {
    throw badInput("error.subscription.cursor", {}, { argument: "after" });
  }
  return position;
}
