import { DomainError } from "./errors";
import { decodeCursor, encodeCursor, pageSize } from "./pagination";

const id = "6f1c3a52-2b8e-4c4f-9d7a-0e6b1f2a3c4d";

describe("cursors", () => {
  it("round-trip a position", () => {
    expect(decodeCursor("household", encodeCursor("household", { sortKey: "QN-1", id }))).toEqual({
      sortKey: "QN-1",
      id,
    });
  });

  it.each([
    ["garbage", "not-base64!"],
    ["another list's cursor", encodeCursor("task", { sortKey: "QN-1", id })],
    ["valid base64 of non-JSON", Buffer.from("hello").toString("base64url")],
    [
      "a forged id",
      Buffer.from(JSON.stringify(["household", "QN-1", "1; DROP TABLE household"])).toString(
        "base64url",
      ),
    ],
  ])("reject %s with BAD_USER_INPUT", (_, cursor) => {
    expect(() => decodeCursor("household", cursor)).toThrow(DomainError);
    try {
      decodeCursor("household", cursor);
    } catch (e) {
      expect((e as DomainError).code).toBe("BAD_USER_INPUT");
    }
  });
});

describe("pageSize", () => {
  it("defaults and accepts 1..100", () => {
    expect(pageSize(undefined)).toBe(20);
    expect(pageSize(1)).toBe(1);
    expect(pageSize(100)).toBe(100);
  });
  it.each([0, -1, 101, 1000])("rejects %d", (n) => {
    expect(() => pageSize(n)).toThrow(/first must be between 1 and 100/);
  });
});
