import http from "node:http";
import { createClient } from "@quy-nhon/client-sdk";
import WebSocket from "ws";
import { Role, signToken } from "../server/shared/auth";
import { loadConfig } from "../server/config/config";
import { commentInWard, data, latestCursor, routeCity } from "./harness/api-helpers";
import { startChildServer } from "./harness/child-server";
import { subscribe, wsClient } from "./harness/subscriptions";
import { freshDatabase } from "./harness/test-database";
import { startTestPlatform, type TestPlatform } from "./harness/test-platform";

describe("health, readiness and metrics", () => {
  let api: TestPlatform;
  beforeAll(async () => {
    api = await startTestPlatform();
  });
  afterAll(() => api.close());
  const get = (path: string) => fetch(new URL(path, api.platform.url));

  it("answer /healthz and /readyz with what they checked", async () => {
    expect((await get("/healthz")).status).toBe(200);
    const ready = await get("/readyz");
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({
      ready: true,
      checks: {
        databaseReachable: true,
        migrationsApplied: true,
        eventListenerConnected: true,
        accepting: true,
      },
    });
  });

  it("expose requests by operation and outcome, latency, WebSockets, subscriptions, delivery lag and pool use", async () => {
    await data(api, `{ wards { code } }`);
    await api.graphql(`{ household(id: "nope") { id } }`);
    const feed = subscribe(
      api,
      `subscription($after: String) { taskUpdated(wardCode: "21550", after: $after) { cursor } }`,
      { after: await latestCursor(api) },
    );
    await routeCity(api);
    await feed.next();
    const text = await (await get("/metrics")).text();
    expect(text).toMatch(/qn_graphql_requests_total\{operation="query.wards",outcome="ok"\} 1/);
    expect(text).toMatch(
      /qn_graphql_requests_total\{operation="query.household",outcome="BAD_USER_INPUT"\} 1/,
    );
    expect(text).toMatch(
      /qn_graphql_request_duration_seconds_count\{operation="mutation.routeHouseholds"\} 1/,
    );
    expect(text).toMatch(/qn_websocket_connections 1/);
    expect(text).toMatch(/qn_subscriptions_active 1/);
    // Lag is observed for events delivered live: the subscription is live once an event reached it.
    await commentInWard(api, "21550", "delivered live");
    await api.platform.feed.catchUp();
    expect(await (await get("/metrics")).text()).toMatch(
      /qn_event_delivery_lag_seconds_count [1-9]/,
    );
    expect(text).toMatch(/qn_db_pool_connections\{state="total"\} \d+/);
    expect(text).toMatch(/qn_process_resident_memory_bytes \d+/);
    await feed.close();
  });
});

describe("execution", () => {
  it("runs the client SDK's operations compiled and ad-hoc queries on graphql-js, with the same answers", async () => {
    const api = await startTestPlatform();
    try {
      await routeCity(api);
      const executions = async () => {
        const text = await (await fetch(new URL("/metrics", api.platform.url))).text();
        const count = (kind: string) =>
          Number(
            new RegExp(`qn_graphql_executions_total\\{executor="${kind}"\\} (\\d+)`).exec(
              text,
            )?.[1] ?? 0,
          );
        return { compiled: count("compiled"), graphqlJs: count("graphql-js") };
      };
      const token = await api.tokenFor({
        sub: "exec-health",
        role: Role.AGENCY_STAFF,
        agency: "HEALTH_CENTRE",
      });
      const sdk = createClient({ url: api.platform.url, token });
      const before = await executions();
      const viaSdk = await sdk.listTasks({ first: 5 });
      const afterSdk = await executions();
      expect(afterSdk).toEqual({ compiled: before.compiled + 1, graphqlJs: before.graphqlJs });
      const adHoc = await api
        .as({ sub: "exec-health", role: Role.AGENCY_STAFF, agency: "HEALTH_CENTRE" })
        .graphql<{ tasks: { edges: { node: unknown }[] } }>(
          `{ tasks(first: 5) { edges { node { id status } } } }`,
        );
      expect(await executions()).toEqual({
        compiled: afterSdk.compiled,
        graphqlJs: afterSdk.graphqlJs + 1,
      });
      expect(viaSdk.tasks.edges.map((e) => ({ id: e.node.id, status: e.node.status }))).toEqual(
        adHoc.data!.tasks.edges.map((e) => e.node),
      );
    } finally {
      await api.close();
    }
  });
});

describe("logs", () => {
  it("are JSON lines with the request id and operation, and no token or household data", async () => {
    const api = await startTestPlatform({ LOG_LEVEL: "info" });
    const written: string[] = [];
    const original = process.stderr.write.bind(process.stderr);
    process.stderr.write = ((chunk: string | Uint8Array) => (
      written.push(String(chunk)),
      true
    )) as typeof process.stderr.write;
    let token = "";
    let member: { fullName: string; nationalIdNumber: string };
    try {
      token = await api.tokenFor({ sub: "log-test", role: Role.ADMIN });
      const res = await data<{
        households: { edges: { node: { members: (typeof member)[] } }[] };
      }>(
        api,
        `query Visit { households(first: 1) { edges { node { address members { fullName nationalIdNumber } } } } }`,
      );
      member = res.households.edges[0].node.members[0];
    } finally {
      process.stderr.write = original;
      await api.close();
    }
    const lines = written
      .join("")
      .split("\n")
      .filter(Boolean)
      .map((l) => JSON.parse(l));
    const request = lines.find((l) => l.msg === "graphql" && l.operationName === "Visit");
    expect(request).toMatchObject({ operation: "query.households", outcome: "ok", role: "ADMIN" });
    expect(request.requestId).toMatch(/^[0-9a-f-]{36}$/);
    const all = written.join("");
    expect(all).not.toContain(token.split(".")[2]);
    expect(all).not.toContain(member!.fullName);
    expect(all).not.toContain(member!.nationalIdNumber);
  });
});

describe("graceful shutdown", () => {
  it("answers every in-flight request, tells WebSocket clients to reconnect, and exits 0", async () => {
    const db = await freshDatabase();
    const server = await startChildServer(
      db.databaseUrl ? { DATABASE_URL: db.databaseUrl } : { PGLITE_DATA_DIR: db.pgliteDataDir },
    );
    try {
      const config = loadConfig({ JWT_SECRET: process.env.QN_TEST_JWT_SECRET });
      const token = await signToken(config.auth, { sub: "shutdown-test", role: Role.ADMIN });
      const closed = new Promise<number>((resolve) => {
        const client = wsClient(server.url, token, { onClosed: (code) => resolve(code) });
        client.subscribe(
          { query: `subscription { taskUpdated(wardCode: "21550") { cursor } }` },
          { next: () => undefined, error: () => undefined, complete: () => undefined },
        );
      });
      // The socket is open once the server has acknowledged it: a query over HTTP is independent of that.
      await new Promise<void>((resolve) => {
        const probe = new WebSocket(server.url.replace("http", "ws"), "graphql-transport-ws");
        probe.on("open", () => (probe.close(), resolve()));
      });
      // 40 connections the server has accepted (kept alive), then 40 requests on them, then SIGTERM.
      const agent = new http.Agent({ keepAlive: true, maxSockets: 40 });
      const post = (query: string) =>
        new Promise<{ status: number; body: { data?: unknown } }>((resolve, reject) => {
          const req = http.request(
            server.url,
            {
              method: "POST",
              agent,
              headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
            },
            (res) => {
              let body = "";
              res.on("data", (c) => (body += c));
              res.on("end", () => resolve({ status: res.statusCode!, body: JSON.parse(body) }));
            },
          );
          req.on("error", reject);
          req.end(JSON.stringify({ query }));
        });
      await Promise.all(Array.from({ length: 40 }, () => post(`{ wards { code } }`)));
      const inFlight = Array.from({ length: 40 }, () =>
        post(
          `{ households(first: 100) { totalCount edges { node { code members { fullName } } } } }`,
        ),
      );
      await new Promise((resolve) => setImmediate(resolve));
      server.process.kill("SIGTERM");
      const answers = await Promise.all(inFlight);
      expect(answers.every((a) => a.status === 200 && a.body.data)).toBe(true);
      agent.destroy();
      expect(await server.exited).toBe(0);
      expect(await closed).toBe(1012);
    } finally {
      server.process.kill("SIGKILL");
      await db.drop();
    }
  });
});
