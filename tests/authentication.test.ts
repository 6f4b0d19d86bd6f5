import http from "node:http";
import type { AddressInfo } from "node:net";
import { exportJWK, generateKeyPair, SignJWT } from "jose";
import { Role } from "../server/shared/auth";
import { subscribe, wsClient } from "./harness/subscriptions";
import {
  ADMIN,
  startTestPlatform,
  type GraphQLResponse,
  type TestPlatform,
} from "./harness/test-platform";

let api: TestPlatform;
beforeAll(async () => {
  api = await startTestPlatform();
});
afterAll(() => api.close());

const post = async <T = { wards: { code: string }[] }>(
  url: string,
  headers: Record<string, string>,
  query = `{ wards { code } }`,
) => {
  const res = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify({ query }),
  });
  return { status: res.status, body: (await res.json()) as GraphQLResponse<T> };
};
const sign = (claims: Record<string, unknown>, secret: string, expiresIn: string | number = "1h") =>
  new SignJWT(claims)
    .setProtectedHeader({ alg: "HS256" })
    .setSubject("someone")
    .setExpirationTime(expiresIn)
    .sign(new TextEncoder().encode(secret));

describe("HTTP authentication", () => {
  it.each([
    ["no token", {}, /a bearer token is required/],
    ["a malformed header", { authorization: "Token abc" }, /must be `Bearer <token>`/],
    ["garbage", { authorization: "Bearer not.a.jwt" }, /the token is not valid/],
  ])("refuses %s with UNAUTHENTICATED (401)", async (_, headers, message) => {
    const res = await post(api.platform.url, headers as Record<string, string>);
    expect(res.status).toBe(401);
    expect(res.body.errors![0]).toMatchObject({ extensions: { code: "UNAUTHENTICATED" } });
    expect(res.body.errors![0].message).toMatch(message);
    expect(res.body.data).toBeUndefined();
  });

  it("refuses a token signed with another key, an expired token, and unknown roles, agencies or wards", async () => {
    const secret = process.env.QN_TEST_JWT_SECRET!;
    const cases: [string, RegExp][] = [
      [await sign({ role: "ADMIN" }, "another-secret-that-is-long-enough-32"), /not valid/],
      [await sign({ role: "ADMIN" }, secret, Math.floor(Date.now() / 1000) - 60), /expired/],
      [await sign({ role: "SUPERUSER" }, secret), /role must be one of/],
      [await sign({ role: "AGENCY_STAFF", agency: "NOBODY" }, secret), /existing agency/],
      [await sign({ role: "WARD_OFFICER", ward: "99999" }, secret), /existing ward/],
    ];
    for (const [token, message] of cases) {
      const res = await post(api.platform.url, { authorization: `Bearer ${token}` });
      expect({ status: res.status, message: res.body.errors![0].message }).toEqual({
        status: 401,
        message: expect.stringMatching(message),
      });
    }
  });

  it("refuses a correctly signed token without exp, one living longer than 12 hours, and one issued in the future", async () => {
    const key = new TextEncoder().encode(process.env.QN_TEST_JWT_SECRET!);
    const now = Math.floor(Date.now() / 1000);
    const claims = new SignJWT({ role: "ADMIN" })
      .setProtectedHeader({ alg: "HS256" })
      .setSubject("someone");
    const cases: [string, RegExp][] = [
      [await claims.setIssuedAt().sign(key), /no expiry \(exp\)/],
      [
        await sign({ role: "ADMIN" }, process.env.QN_TEST_JWT_SECRET!, now + 13 * 3600),
        /lives longer than 12 hours/,
      ],
      [
        await sign(
          { role: "ADMIN", iat: now - 3600 },
          process.env.QN_TEST_JWT_SECRET!,
          now + 12 * 3600,
        ),
        /lives longer than 12 hours/,
      ],
      [
        await sign(
          { role: "ADMIN", iat: now + 3600 },
          process.env.QN_TEST_JWT_SECRET!,
          now + 2 * 3600,
        ),
        /issued in the future/,
      ],
    ];
    for (const [token, message] of cases) {
      const res = await post(api.platform.url, { authorization: `Bearer ${token}` });
      expect({
        status: res.status,
        code: res.body.errors![0].extensions!.code,
        message: res.body.errors![0].message,
      }).toEqual({ status: 401, code: "UNAUTHENTICATED", message: expect.stringMatching(message) });
    }
  });

  it("accepts a token of the full lifetime and a signer's clock a few seconds ahead", async () => {
    const now = Math.floor(Date.now() / 1000);
    const token = await sign(
      { role: "ADMIN", iat: now + 10 },
      process.env.QN_TEST_JWT_SECRET!,
      now + 10 + 12 * 3600,
    );
    expect((await post(api.platform.url, { authorization: `Bearer ${token}` })).status).toBe(200);
  });

  it("refuses an unsigned token (alg none)", async () => {
    const header = Buffer.from(JSON.stringify({ alg: "none", typ: "JWT" })).toString("base64url");
    const payload = Buffer.from(
      JSON.stringify({ sub: "x", role: "ADMIN", exp: Math.floor(Date.now() / 1000) + 600 }),
    ).toString("base64url");
    expect(
      (await post(api.platform.url, { authorization: `Bearer ${header}.${payload}.` })).status,
    ).toBe(401);
  });

  it("allows introspection to authenticated users only", async () => {
    const query = `{ __schema { queryType { name } } }`;
    expect((await post(api.platform.url, {}, query)).status).toBe(401);
    const res = await post<{ __schema: { queryType: { name: string } } }>(
      api.platform.url,
      { authorization: `Bearer ${await api.tokenFor(ADMIN)}` },
      query,
    );
    expect(res.body.data!.__schema.queryType.name).toBe("Query");
  });
});

describe("WebSocket authentication", () => {
  const closeOf = (token: string) =>
    new Promise<number>((resolve) => {
      const client = wsClient(api.platform.url, token, { onClosed: (code) => resolve(code) });
      client.subscribe(
        { query: `subscription { taskUpdated(wardCode: "21550") { cursor } }` },
        { next: () => undefined, error: () => undefined, complete: () => undefined },
      );
    });

  it("closes the socket with 4403 for a missing, bad or expired token", async () => {
    expect(await closeOf("")).toBe(4403);
    expect(await closeOf("not.a.jwt")).toBe(4403);
    expect(
      await closeOf(
        await sign(
          { role: "ADMIN" },
          process.env.QN_TEST_JWT_SECRET!,
          Math.floor(Date.now() / 1000) - 5,
        ),
      ),
    ).toBe(4403);
  });

  it("closes a live subscription's socket with 4403 when its token expires", async () => {
    const token = await sign(
      { role: "ADMIN" },
      process.env.QN_TEST_JWT_SECRET!,
      Math.floor(Date.now() / 1000) + 2,
    );
    const closed = await closeOf(token);
    expect(closed).toBe(4403);
  });

  it("accepts a valid token in connection_init", async () => {
    const s = subscribe<{ taskUpdated: { cursor: string } }>(
      api,
      `subscription($after: String) { taskUpdated(wardCode: "21550", after: $after) { cursor } }`,
      {
        after: Buffer.from("ev1:0:0").toString("base64url"),
      },
    );
    await api.graphql(
      `mutation { routeHouseholds(filter: { wardCodes: ["21550"] }) { createdCount } }`,
    );
    expect((await s.next()).taskUpdated.cursor).toBeTruthy();
    await s.close();
  });
});

describe("an OIDC provider's keys (JWKS, RS256) with issuer and audience", () => {
  let jwksServer: http.Server;
  let oidc: TestPlatform;
  let privateKey: Awaited<ReturnType<typeof generateKeyPair>>["privateKey"];
  const issuer = "https://id.example/realms/quy-nhon";
  const audience = "qn-platform";

  beforeAll(async () => {
    const pair = await generateKeyPair("RS256");
    privateKey = pair.privateKey;
    const jwk = { ...(await exportJWK(pair.publicKey)), kid: "k1", alg: "RS256", use: "sig" };
    jwksServer = http.createServer((_req, res) =>
      res
        .writeHead(200, { "content-type": "application/json" })
        .end(JSON.stringify({ keys: [jwk] })),
    );
    await new Promise<void>((resolve) => jwksServer.listen(0, "127.0.0.1", resolve));
    const jwksUrl = `http://127.0.0.1:${(jwksServer.address() as AddressInfo).port}/certs`;
    oidc = await startTestPlatform({
      JWT_SECRET: "",
      JWKS_URL: jwksUrl,
      JWT_ISSUER: issuer,
      JWT_AUDIENCE: audience,
    });
  });
  afterAll(async () => {
    await oidc.close();
    jwksServer.close();
  });

  const rs256 = (claims: Record<string, unknown>, iss = issuer, aud = audience) =>
    new SignJWT(claims)
      .setProtectedHeader({ alg: "RS256", kid: "k1" })
      .setSubject("keycloak-user")
      .setIssuer(iss)
      .setAudience(aud)
      .setExpirationTime("5m")
      .sign(privateKey);

  it("accepts the provider's tokens and refuses a wrong issuer, audience or algorithm", async () => {
    const ok = await post(oidc.platform.url, {
      authorization: `Bearer ${await rs256({ role: Role.WARD_OFFICER, ward: "21550" })}`,
    });
    expect(ok.status).toBe(200);
    expect(ok.body.data!.wards.length).toBeGreaterThan(0);
    for (const token of [
      await rs256({ role: Role.ADMIN }, "https://elsewhere.example"),
      await rs256({ role: Role.ADMIN }, issuer, "another-client"),
      await sign({ role: Role.ADMIN, iss: issuer, aud: audience }, process.env.QN_TEST_JWT_SECRET!),
    ]) {
      expect((await post(oidc.platform.url, { authorization: `Bearer ${token}` })).status).toBe(
        401,
      );
    }
  });
});
