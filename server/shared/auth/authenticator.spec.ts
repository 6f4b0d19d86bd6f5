import type { DataSource } from "typeorm";
import { Authenticator } from "./authenticator";
import type { VerifyToken } from "./token-verifier";

/** An Authenticator whose verifier counts its calls and accepts any token it was given claims for. */
function authenticatorWith(claims: Record<string, Record<string, unknown>>) {
  const calls: string[] = [];
  const verify: VerifyToken = async (token) => {
    calls.push(token);
    const found = claims[token];
    if (!found)
      throw Object.assign(new Error("bad signature"), {
        code: "ERR_JWS_SIGNATURE_VERIFICATION_FAILED",
      });
    if (typeof found.exp === "number" && found.exp * 1000 <= Date.now())
      throw Object.assign(new Error("expired"), { code: "ERR_JWT_EXPIRED" });
    return found;
  };
  return { authenticator: new Authenticator(verify, {} as DataSource), calls };
}

describe("Authenticator", () => {
  afterEach(() => jest.useRealTimers());

  it("checks a token's signature once while it is reused, and again after a minute", async () => {
    jest.useFakeTimers({ now: new Date("2026-11-29T08:00:00Z") });
    const { authenticator, calls } = authenticatorWith({ a: { sub: "admin-1", role: "ADMIN" } });
    for (let i = 0; i < 3; i++)
      expect(await authenticator.fromAuthorization("Bearer a")).toMatchObject({
        userId: "admin-1",
        role: "ADMIN",
      });
    expect(calls).toEqual(["a"]);
    jest.setSystemTime(new Date("2026-11-29T08:01:01Z"));
    await authenticator.fromAuthorization("Bearer a");
    expect(calls).toEqual(["a", "a"]);
  });

  it("refuses a remembered token once it expires", async () => {
    jest.useFakeTimers({ now: new Date("2026-11-29T08:00:00Z") });
    const exp = Date.parse("2026-11-29T08:00:10Z") / 1000;
    const { authenticator } = authenticatorWith({ soon: { sub: "admin-1", role: "ADMIN", exp } });
    await authenticator.fromAuthorization("Bearer soon");
    jest.setSystemTime(new Date("2026-11-29T08:00:11Z"));
    await expect(authenticator.fromAuthorization("Bearer soon")).rejects.toMatchObject({
      code: "UNAUTHENTICATED",
      message: "the token has expired",
    });
  });

  it("never remembers a refused token", async () => {
    const { authenticator, calls } = authenticatorWith({});
    for (let i = 0; i < 2; i++)
      await expect(authenticator.fromAuthorization("Bearer forged")).rejects.toMatchObject({
        message: "the token is not valid",
      });
    expect(calls).toEqual(["forged", "forged"]);
  });
});
