import { DomainError } from "../../shared/errors";
import { decodeEventCursor, encodeEventCursor, isAfter } from "./event-position";

describe("event positions", () => {
  it("order by writer transaction first, then id", () => {
    expect(isAfter({ txId: 101n, id: 5n }, { txId: 100n, id: 9n })).toBe(true);
    expect(isAfter({ txId: 100n, id: 9n }, { txId: 101n, id: 5n })).toBe(false);
    expect(isAfter({ txId: 100n, id: 6n }, { txId: 100n, id: 5n })).toBe(true);
    expect(isAfter({ txId: 100n, id: 5n }, { txId: 100n, id: 5n })).toBe(false);
  });

  it("round-trip through opaque cursors", () => {
    const p = { txId: 18446744073709551615n, id: 42n };
    expect(decodeEventCursor(encodeEventCursor(p))).toEqual(p);
  });

  it.each([
    "",
    "abc",
    Buffer.from("ev1:1").toString("base64url"),
    Buffer.from("ev1:-1:2").toString("base64url"),
    "ev1:1:2",
    Buffer.from("ev1:0:99999999999999999999").toString("base64url"),
    Buffer.from("ev1:99999999999999999999:1").toString("base64url"),
  ])("rejects %j", (c) => {
    expect(() => decodeEventCursor(c)).toThrow(DomainError);
  });
});
