import { execFileSync } from "node:child_process";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { launchChromium } from "./harness/chromium";
import { Role } from "../server/shared/auth";
import { startTestPlatform, type TestPlatform } from "./harness/test-platform";

let api: TestPlatform;
let browser: Browser;
beforeAll(async () => {
  execFileSync("node", [join(__dirname, "..", "scripts", "build-graphiql.mjs")], { stdio: "pipe" });
  api = await startTestPlatform();
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await api.close();
});

describe("GraphiQL for analysts", () => {
  it("runs a query with the analyst's token and shows the answer, loading nothing from outside the platform", async () => {
    const page = await browser.newPage();
    const origin = new URL(api.platform.url).origin;
    const foreign: string[] = [];
    page.on("request", (request) => {
      if (!request.url().startsWith(origin) && !request.url().startsWith("data:"))
        foreign.push(request.url());
    });
    const query = `{ stats(groupBy: [CLASSIFICATION]) { classification households } }`;
    await page.goto(`${origin}/graphiql/?query=${encodeURIComponent(query)}`);
    await page.fill(
      "#token",
      await api.tokenFor({ sub: "analyst-in-browser", role: Role.ANALYST }),
    );
    await page.click(".graphiql-execute-button");
    const result = page.locator(".graphiql-response");
    await result.getByText('"households": 155').waitFor({ timeout: 20_000 });
    const text = await result.innerText();
    expect(text).toContain('"classification": "POOR"');
    expect(text).toContain('"households": 44');
    expect(foreign).toEqual([]);
    await page.close();
  });

  it("fetches the schema with the analyst's token: the Docs pane lists the root types", async () => {
    const page = await browser.newPage();
    const origin = new URL(api.platform.url).origin;
    const anonymous: string[] = [];
    page.on("request", (request) => {
      if (request.url().endsWith("/graphql") && !request.headers().authorization)
        anonymous.push(request.postData() ?? "");
    });
    await page.goto(`${origin}/graphiql/`);
    await page.fill(
      "#token",
      await api.tokenFor({ sub: "analyst-reading-docs", role: Role.ANALYST }),
    );
    await page.click('button[aria-label="Show Documentation Explorer"]');
    const docs = page.locator(".graphiql-doc-explorer");
    await docs.getByText("Query", { exact: true }).waitFor({ timeout: 20_000 });
    expect(await docs.innerText()).not.toContain("Error fetching schema");
    // A refused schema request made before the token was pasted must not be what the page shows.
    expect(anonymous).toEqual([]);
    await page.close();
  });

  it("shows the schema of the last token pasted, however late the answer for an earlier one comes", async () => {
    const page = await browser.newPage();
    const origin = new URL(api.platform.url).origin;
    const wrongToken = "not-a-token";
    let lastTokenAnswered!: () => void;
    const answeredForLastToken = new Promise<void>((resolve) => (lastTokenAnswered = resolve));
    const heldAnswers: Promise<unknown>[] = [];
    await page.route("**/graphql", async (route) => {
      const authorization = route.request().headers().authorization ?? "";
      if (authorization.endsWith(wrongToken) || authorization === "") {
        heldAnswers.push(page.waitForEvent("requestfinished", (r) => r === route.request()));
        await answeredForLastToken;
        await route.continue();
        return;
      }
      await route.fulfill({ response: await route.fetch() });
      lastTokenAnswered();
    });
    await page.goto(`${origin}/graphiql/`);
    await page.click('button[aria-label="Show Documentation Explorer"]');
    await page.fill("#token", wrongToken);
    await page.fill(
      "#token",
      await api.tokenFor({ sub: "analyst-changing-token", role: Role.ANALYST }),
    );
    const docs = page.locator(".graphiql-doc-explorer");
    await docs.getByText("Query", { exact: true }).waitFor({ timeout: 20_000 });
    await Promise.all(heldAnswers);
    // Two frames: the late answers have been read and rendered by then.
    await page.evaluate(() => {
      const window = globalThis as unknown as { requestAnimationFrame(then: () => void): void };
      return new Promise<void>((resolve) =>
        window.requestAnimationFrame(() => window.requestAnimationFrame(resolve)),
      );
    });
    expect(await docs.innerText()).not.toContain("Error fetching schema");
    expect(await docs.innerText()).toContain("Query");
    expect(await page.locator("#token-refused").count()).toBe(0);
    await page.close();
  });

  it("says beside the field that a pasted token was refused", async () => {
    const page = await browser.newPage({ locale: "vi-VN" });
    await page.goto(`${new URL(api.platform.url).origin}/graphiql/`);
    await page.fill("#token", "not-a-token");
    const refusal = page.locator("#token-refused");
    await refusal.waitFor({ timeout: 20_000 });
    expect(await refusal.innerText()).not.toEqual("");
    await page.close();
  });

  it("shows the platform's refusal when no token is given", async () => {
    const page = await browser.newPage();
    const origin = new URL(api.platform.url).origin;
    await page.goto(`${origin}/graphiql/?query=${encodeURIComponent("{ wards { code } }")}`);
    await page.evaluate(() =>
      (globalThis as unknown as { localStorage: { clear(): void } }).localStorage.clear(),
    );
    await page.reload();
    await page.click(".graphiql-execute-button");
    await page
      .locator(".graphiql-response")
      .getByText("UNAUTHENTICATED")
      .waitFor({ timeout: 20_000 });
    await page.close();
  });
});
