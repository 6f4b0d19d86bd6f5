import { createHash } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { execFileSync } from "node:child_process";
import { exportJWK, generateKeyPair, SignJWT } from "jose";
import type { Browser } from "playwright-core";
import { launchChromium } from "./harness/chromium";
import { startTestPlatform, type TestPlatform } from "./harness/test-platform";

/** The page's storages, typed here without the DOM library (tests compile for Node). */
type Storages = {
  localStorage: Record<string, string>;
  sessionStorage: { getItem(key: string): string | null };
};

/**
 * A tiny OIDC provider (Keycloak-like endpoints): /auth answers at once with a code bound to the
 * PKCE challenge, /token checks the verifier against it and signs RS256 tokens, /certs serves the key.
 */
async function fakeProvider() {
  const { privateKey, publicKey } = await generateKeyPair("RS256");
  const jwk = { ...(await exportJWK(publicKey)), kid: "k1", alg: "RS256", use: "sig" };
  const codes = new Map<string, { challenge: string; redirect: string }>();
  const grants: string[] = [];
  let issuer = "";
  const sign = (seconds: number) =>
    new SignJWT({ role: "ANALYST" })
      .setProtectedHeader({ alg: "RS256", kid: "k1" })
      .setSubject("oidc-analyst")
      .setIssuer(issuer)
      .setAudience("qn-platform")
      .setIssuedAt()
      .setExpirationTime(`${seconds}s`)
      .sign(privateKey);
  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url!, issuer);
    res.setHeader("access-control-allow-origin", "*");
    if (url.pathname === "/certs")
      return void res
        .writeHead(200, { "content-type": "application/json" })
        .end(JSON.stringify({ keys: [jwk] }));
    if (url.pathname === "/auth") {
      const code = `code-${codes.size}`;
      expect(url.searchParams.get("code_challenge_method")).toBe("S256");
      codes.set(code, {
        challenge: url.searchParams.get("code_challenge")!,
        redirect: url.searchParams.get("redirect_uri")!,
      });
      const back = new URL(url.searchParams.get("redirect_uri")!);
      back.search = new URLSearchParams({ code, state: url.searchParams.get("state")! }).toString();
      return void res.writeHead(302, { location: back.toString() }).end();
    }
    if (url.pathname === "/logout")
      return void res
        .writeHead(302, { location: url.searchParams.get("post_logout_redirect_uri")! })
        .end();
    if (url.pathname === "/token" && req.method === "POST") {
      let body = "";
      for await (const chunk of req) body += chunk;
      const form = new URLSearchParams(body);
      grants.push(form.get("grant_type")!);
      if (form.get("grant_type") === "authorization_code") {
        const pending = codes.get(form.get("code")!);
        const verified =
          pending &&
          createHash("sha256")
            .update(form.get("code_verifier") ?? "")
            .digest("base64url") === pending.challenge &&
          pending.redirect === form.get("redirect_uri");
        if (!verified)
          return void res
            .writeHead(400, { "content-type": "application/json" })
            .end(JSON.stringify({ error: "invalid_grant" }));
        // Short-lived, so that the app must refresh it before its first request.
        return void res.writeHead(200, { "content-type": "application/json" }).end(
          JSON.stringify({
            access_token: await sign(30),
            refresh_token: "refresh-1",
            expires_in: 30,
          }),
        );
      }
      if (form.get("grant_type") === "refresh_token" && form.get("refresh_token") === "refresh-1")
        return void res.writeHead(200, { "content-type": "application/json" }).end(
          JSON.stringify({
            access_token: await sign(600),
            refresh_token: "refresh-1",
            expires_in: 600,
          }),
        );
      return void res
        .writeHead(400, { "content-type": "application/json" })
        .end(JSON.stringify({ error: "invalid_grant" }));
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { server, issuer, grants };
}

let browser: Browser;
beforeAll(async () => {
  execFileSync("node", [join(__dirname, "..", "scripts", "build-web-app.mjs")], { stdio: "pipe" });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

describe("signing in to the web app with the city's OIDC provider", () => {
  let provider: Awaited<ReturnType<typeof fakeProvider>>;
  let api: TestPlatform;
  beforeAll(async () => {
    provider = await fakeProvider();
    api = await startTestPlatform({
      JWT_SECRET: "",
      JWKS_URL: `${provider.issuer}/certs`,
      JWT_ISSUER: provider.issuer,
      JWT_AUDIENCE: "qn-platform",
      OIDC_AUTHORIZATION_URL: `${provider.issuer}/auth`,
      OIDC_TOKEN_URL: `${provider.issuer}/token`,
      OIDC_CLIENT_ID: "qn-web-app",
      OIDC_END_SESSION_URL: `${provider.issuer}/logout`,
    });
  });
  afterAll(async () => {
    await api?.close();
    provider?.server.close();
  });

  it("signs in with authorization code + PKCE, refreshes the token before it expires, keeps it out of localStorage and signs out", async () => {
    const origin = new URL(api.platform.url).origin;
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${origin}/app/`);
    // With a provider configured, no demo sign-in is offered.
    expect(await page.getByLabel("Dán mã truy cập (token)").count()).toBe(0);
    await page.getByRole("button", { name: "Đăng nhập bằng tài khoản của thành phố" }).click();
    await page.waitForURL(`${origin}/app/dashboard`);
    await page.getByTestId("progress").waitFor();
    expect(provider.grants).toEqual(["authorization_code", "refresh_token"]);
    const stored = await page.evaluate(() => {
      const { localStorage, sessionStorage } = globalThis as unknown as Storages;
      return {
        local: JSON.stringify(localStorage),
        session: sessionStorage.getItem("qn.session") ?? "",
      };
    });
    expect(stored.local).not.toMatch(/eyJ/);
    expect(stored.session).toMatch(/"via":"oidc"/);
    await page.getByRole("button", { name: "Đăng xuất" }).click();
    await page.getByRole("button", { name: "Đăng nhập bằng tài khoản của thành phố" }).waitFor();
    expect(
      await page.evaluate(() =>
        (globalThis as unknown as Storages).sessionStorage.getItem("qn.session"),
      ),
    ).toBeNull();
    await context.close();
  });

  it("refuses a callback whose state it did not send", async () => {
    const origin = new URL(api.platform.url).origin;
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${origin}/app/callback?code=code-0&state=forged`);
    await page.getByRole("alert").getByText("state mismatch").waitFor();
    expect(provider.grants.filter((g) => g === "authorization_code")).toHaveLength(1);
    await context.close();
  });
});

describe("demo sign-in", () => {
  let development: TestPlatform;
  beforeAll(async () => {
    development = await startTestPlatform();
  });
  afterAll(async () => {
    await development?.close();
  });

  it("mints a demo role's token in development and is refused in production", async () => {
    const production = await startTestPlatform({ NODE_ENV: "production" });
    try {
      const mint = (api: TestPlatform) =>
        fetch(new URL("/app/demo-token", api.platform.url), {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ sub: "demo-nhon-binh" }),
        });
      const minted = await mint(development);
      expect(minted.status).toBe(200);
      const { token } = (await minted.json()) as { token: string };
      const ward = await fetch(development.platform.url, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
        body: JSON.stringify({
          query: "{ households(first: 1) { edges { node { ward { code } } } } }",
        }),
      });
      const answer = (await ward.json()) as {
        data: { households: { edges: { node: { ward: { code: string } } }[] } };
      };
      expect(answer.data.households.edges[0].node.ward.code).toBe("21550");
      expect((await mint(production)).status).toBe(403);
      expect(
        (
          (await (await fetch(new URL("/app/config.json", production.platform.url))).json()) as {
            demoIdentities: unknown[];
          }
        ).demoIdentities,
      ).toEqual([]);
    } finally {
      await production.close();
    }
  });

  it("names each demo role's agency and ward as the platform stores them, in either language, and signs in with one", async () => {
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      await page.goto(`${new URL(development.platform.url).origin}/app/`);
      const role = (name: string) => page.getByRole("button", { name, exact: true });
      await role("Cán bộ cơ quan — Phòng Văn hóa – Thông tin").waitFor();
      await role("Cán bộ phường/xã — Nhơn Bình").waitFor();
      // The names are proper nouns: in English only the role's label changes.
      await page.getByLabel("Ngôn ngữ").selectOption("en");
      await role("Agency staff — Phòng Văn hóa – Thông tin").waitFor();
      await role("Ward officer — Nhơn Bình").click();
      await page.waitForURL(/\/app\/households$/);
    } finally {
      await context.close();
    }
  });
});
