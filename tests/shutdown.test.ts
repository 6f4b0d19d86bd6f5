import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createClient } from "graphql-ws";
import WebSocket from "ws";
import { loadConfig } from "../server/config/config";
import { Role, signToken } from "../server/shared/auth";
import { lockHolderOf } from "../server/db/data-dir-lock";
import {
  freePort,
  spawnChildServer,
  startChildServer,
  type ChildServer,
} from "./harness/child-server";
import { freshDatabase } from "./harness/test-database";

// NODE_ENV=development as `npm start` runs it: in tests (NODE_ENV=test) Apollo installs no signal
// handlers of its own, and those handlers are what killed the server with its signal (exit 143).
jest.setTimeout(120_000);

const token = () =>
  signToken(loadConfig({ JWT_SECRET: process.env.QN_TEST_JWT_SECRET }).auth, {
    sub: "shutdown-test",
    role: Role.ADMIN,
  });

/** A live subscriber; resolves `closed` with the close code the server sends it. */
async function subscriber(server: ChildServer): Promise<{ closed: Promise<number> }> {
  const authorization = `Bearer ${await token()}`;
  let onClosed: (code: number) => void = () => undefined;
  const closed = new Promise<number>((resolve) => (onClosed = resolve));
  const connected = new Promise<void>((resolve) => {
    const client = createClient({
      url: server.url.replace(/^http/, "ws"),
      webSocketImpl: WebSocket,
      retryAttempts: 0,
      connectionParams: { authorization },
      on: {
        connected: () => resolve(),
        closed: (event) => onClosed((event as { code: number }).code),
      },
    });
    client.subscribe(
      { query: `subscription { taskUpdated(wardCode: "21550") { cursor } }` },
      { next: () => undefined, error: () => undefined, complete: () => undefined },
    );
  });
  await connected;
  return { closed };
}

const logLines = (server: ChildServer) =>
  server
    .output()
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .map((line) => JSON.parse(line) as { msg: string; signal?: string });

describe("stopping the server", () => {
  it.each([
    ["SIGTERM", 1],
    // Ctrl-C under npm: the terminal and npm each send one.
    ["SIGINT", 2],
  ] as const)(
    'on %s (%i×) closes its subscribers, stops the scheduler, closes the database, logs "stopped" and exits 0; the next start opens the data',
    async (signal, times) => {
      const db = await freshDatabase();
      const env = {
        ...(db.databaseUrl
          ? { DATABASE_URL: db.databaseUrl }
          : { DATABASE_URL: "", PGLITE_DATA_DIR: db.pgliteDataDir }),
        NODE_ENV: "development",
        LOG_LEVEL: "info",
      };
      let server = await startChildServer(env);
      try {
        const { closed } = await subscriber(server);
        for (let i = 0; i < times; i++) server.process.kill(signal);
        expect(await server.exited).toBe(0);
        expect(await closed).toBe(1012);
        const messages = logLines(server).map((l) => l.msg);
        expect(messages.slice(messages.indexOf("shutting down"))).toEqual([
          "shutting down",
          "stopped",
        ]);

        server = await startChildServer(env);
        const res = await fetch(server.url, {
          method: "POST",
          headers: { "content-type": "application/json", authorization: `Bearer ${await token()}` },
          body: JSON.stringify({ query: `{ households { totalCount } }` }),
        });
        const body = (await res.json()) as { data: { households: { totalCount: number } } };
        expect(body.data.households.totalCount).toBe(199);
        server.process.kill("SIGTERM");
        expect(await server.exited).toBe(0);
      } finally {
        server.process.kill("SIGKILL");
        await db.drop();
      }
    },
  );

  it.each([
    ["a kill of npm (SIGTERM)", (npm: number): boolean => process.kill(npm, "SIGTERM")],
    [
      "Ctrl-C (SIGINT to npm and the server)",
      (npm: number): boolean => process.kill(-npm, "SIGINT"),
    ],
  ] as const)(
    "under npm start, on %s: npm's shell passes the signal on, the server stops cleanly, releases the database, npm exits 0",
    async (_how, signal) => {
      const db = await freshDatabase();
      const env = {
        ...(db.databaseUrl
          ? { DATABASE_URL: db.databaseUrl }
          : { DATABASE_URL: "", PGLITE_DATA_DIR: db.pgliteDataDir }),
        NODE_ENV: "development",
        LOG_LEVEL: "info",
      };
      const npm = await startChildServer(env, undefined, true);
      try {
        signal(npm.process.pid!);
        expect(await npm.exited).toBe(0);
        expect(logLines(npm).map((l) => l.msg)).toContain("stopped");
        // Nothing left behind holding the port or the embedded database.
        if (!db.databaseUrl) expect(lockHolderOf(db.pgliteDataDir)).toBeNull();
        await expect(fetch(npm.url)).rejects.toThrow();
      } finally {
        // The whole group: a server that outlived npm must not outlive the test.
        try {
          process.kill(-npm.process.pid!, "SIGKILL");
        } catch {
          // the group has ended
        }
        await db.drop();
      }
    },
  );

  it("on SIGTERM while it starts (port bound, a new database being loaded), finishes starting without announcing itself, then stops cleanly", async () => {
    const dataDir = join(mkdtempSync(join(tmpdir(), "qn-stop-starting-")), "pglite");
    const port = await freePort();
    const server = spawnChildServer(
      {
        DATABASE_URL: "",
        PGLITE_DATA_DIR: dataDir,
        SEED_DEMO_DATA: "true",
        NODE_ENV: "development",
        LOG_LEVEL: "info",
      },
      port,
    );
    try {
      // No event says "bound, still starting": ask until the port answers 503, as it does while the database is migrated and loaded.
      const until = Date.now() + 30_000;
      while (
        (await fetch(`http://localhost:${port}/healthz`).then(
          (r) => r.status,
          () => 0,
        )) !== 503
      ) {
        if (Date.now() > until)
          throw new Error(`the server never answered 503 while starting:\n${server.output()}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      server.process.kill("SIGTERM");
      expect(await server.exited).toBe(0);
      const messages = logLines(server).map((l) => l.msg);
      expect(messages.slice(messages.indexOf("serving"))).toEqual([
        "serving",
        "shutting down",
        "stopped",
      ]);
      expect(server.output()).not.toContain("GraphQL at");
      expect(lockHolderOf(dataDir)).toBeNull();
    } finally {
      server.process.kill("SIGKILL");
      rmSync(join(dataDir, ".."), { recursive: true, force: true });
    }
  });
});
