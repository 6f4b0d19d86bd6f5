import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { Role } from "../server/shared/auth";
import { launchChromium } from "../tests/harness/chromium";
import { percentile, round, startBenchServer, type Figure } from "./harness";

/** The budgets for the web app. */
const FIRST_LOAD_KB = 250;
const FIRST_LIST_MS = 1500;
const LOADS = 5;

/**
 * The web app on the embedded database (PGlite, its default): the gzipped size of what /app's first
 * load fetches (the page's script and stylesheet), and the time from opening /app/households in a
 * fresh browser, signed in, to the officer's first household on screen (median of five, after one
 * load that warms the server).
 */
export async function webApp(): Promise<Figure[]> {
  const dataDir = mkdtempSync(join(tmpdir(), "qn-bench-web-app-"));
  // An empty DATABASE_URL is no URL at all: the server takes PGlite in the data directory.
  const server = await startBenchServer("", { PGLITE_DATA_DIR: dataDir });
  const browser = await launchChromium();
  try {
    const origin = `http://127.0.0.1:${server.port}`;
    const html = await (await fetch(`${origin}/app/`)).text();
    const assets = [...html.matchAll(/(?:src|href)="(\/app\/[^"]+\.(?:js|css))"/g)].map(
      (m) => m[1],
    );
    let gzipped = 0;
    for (const asset of assets)
      gzipped += gzipSync(Buffer.from(await (await fetch(`${origin}${asset}`)).arrayBuffer()), {
        level: 9,
      }).length;
    const kb = round(gzipped / 1024);

    const token = await server.token(Role.WARD_OFFICER, { ward: "21550" });
    const session = JSON.stringify({
      token,
      expiresAt: Date.now() + 3_600_000,
      sub: "bench-ward_officer",
      role: "WARD_OFFICER",
      ward: "21550",
      via: "token",
    });
    const timings: number[] = [];
    for (let i = 0; i <= LOADS; i++) {
      const context = await browser.newContext({ viewport: { width: 420, height: 900 } });
      // Signed in as after a sign-in: the session this tab would hold.
      await context.addInitScript(
        `sessionStorage.setItem("qn.session", ${JSON.stringify(session)})`,
      );
      const page = await context.newPage();
      const started = Date.now();
      await page.goto(`${origin}/app/households`);
      await page.locator('[data-testid="household-list"] li').first().waitFor({ timeout: 30_000 });
      if (i > 0) timings.push(Date.now() - started);
      await context.close();
    }
    const median = percentile(timings, 50);
    return [
      {
        name: `first load of /app: ${assets.join(" + ")}, gzipped`,
        value: kb,
        unit: "KB",
        target: `≤ ${FIRST_LOAD_KB} KB`,
        met: kb <= FIRST_LOAD_KB,
      },
      {
        name: `open /app/households to the officer's first household, PGlite (median of ${LOADS}, max ${Math.max(...timings)} ms)`,
        value: median,
        unit: "ms",
        target: `≤ ${FIRST_LIST_MS} ms`,
        met: median <= FIRST_LIST_MS,
      },
    ];
  } finally {
    await browser.close();
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
