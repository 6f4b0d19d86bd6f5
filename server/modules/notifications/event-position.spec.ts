import { EventCursors, hasSeen, isAfter } from "./event-position";

const here = new EventCursors("0f1e2d3c-4b5a-4697-8899-aabbccddeeff");
const elsewhere = new EventCursors("11111111-2222-4333-8444-555555555555");

describe("event positions", () => {
  it("order by writer transaction first, then id", () => {
    expect(isAfter({ txId: 101n, id: 5n }, { txId: 100n, id: 9n })).toBe(true);
    expect(isAfter({ txId: 100n, id: 9n }, { txId: 101n, id: 5n })).toBe(false);
    expect(isAfter({ txId: 100n, id: 6n }, { txId: 100n, id: 5n })).toBe(true);
    expect(isAfter({ txId: 100n, id: 5n }, { txId: 100n, id: 5n })).toBe(false);
  });

  it("round-trip through opaque cursors", () => {
    const p = { txId: 18446744073709551615n, id: 42n };
    expect(here.decode(here.encode(p))).toEqual(p);
  });

  it("round-trip a snapshot for now, and count as seen what it sees: older than xmin, or below xmax and not running", () => {
    const now = { xmin: 100n, xmax: 110n, running: [100n, 104n] };
    expect(here.decode(here.encode(now))).toEqual(now);
    const seen = (txId: bigint) => hasSeen(now, { txId, id: 1n });
    expect([99n, 100n, 101n, 104n, 109n, 110n].map(seen)).toEqual([
      true,
      false,
      true,
      false,
      true,
      false,
    ]);
    expect(() => elsewhere.decode(here.encode(now))).toThrow(
      expect.objectContaining({ code: "FOREIGN_CURSOR" }),
    );
  });

  it("refuse another database's cursor as foreign, and take cursors issued before cursors named their database", () => {
    expect(() => here.decode(elsewhere.encode({ txId: 7n, id: 3n }))).toThrow(
      expect.objectContaining({ code: "FOREIGN_CURSOR" }),
    );
    expect(here.decode(Buffer.from("ev1:7:3").toString("base64url"))).toEqual({ txId: 7n, id: 3n });
  });

  it.each([
    "",
    "abc",
    Buffer.from("ev1:1").toString("base64url"),
    Buffer.from("ev1:-1:2").toString("base64url"),
    "ev1:1:2",
    Buffer.from("ev1:0:99999999999999999999").toString("base64url"),
    Buffer.from("ev1:99999999999999999999:1").toString("base64url"),
    // A snapshot's running ids are offsets below its span, ascending.
    Buffer.from("ev3:0f1e2d3c4b5a:100:10:10").toString("base64url"),
    Buffer.from("ev3:0f1e2d3c4b5a:100:10:4,2").toString("base64url"),
    Buffer.from("ev3:0f1e2d3c4b5a:18446744073709551615:1:").toString("base64url"),
  ])("rejects %j", (c) => {
    expect(() => here.decode(c)).toThrow(expect.objectContaining({ code: "BAD_USER_INPUT" }));
  });
});
