import { randomBytes } from "node:crypto";
import { spawn } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createClient as createWsClient } from "graphql-ws";
import WebSocket from "ws";
import { Role, signToken } from "../server/shared/auth";
import { freePort, onServer } from "./harness";

/**
 * Load and soak: the built server on a fresh PostgreSQL database, 500 live subscribers, and
 * SOAK_SECONDS (default 300) of mixed queries and mutations from SOAK_CONCURRENCY (16) clients.
 * Reports errors (target 0), throughput, events delivered, and the server's RSS and heap over time
 * (target: flat). Needs DATABASE_URL (a PostgreSQL server; the bench makes and drops its own database).
 */
const SECONDS = Number(process.env.SOAK_SECONDS ?? 300);
const CONCURRENCY = Number(process.env.SOAK_CONCURRENCY ?? 16);
const SUBSCRIBERS = Number(process.env.SOAK_SUBSCRIBERS ?? 500);
const WARDS = [
  "21550",
  "21553",
  "21556",
  "21559",
  "21562",
  "21565",
  "21568",
  "21571",
  "21574",
  "21577",
  "21580",
  "21583",
  "21586",
  "21589",
  "21592",
  "21595",
  "21598",
  "21601",
  "21604",
  "21607",
  "21991",
];

async function main() {
  const base = process.env.DATABASE_URL;
  if (!base)
    throw new Error(
      "npm run bench needs DATABASE_URL, a PostgreSQL server (e.g. postgres://postgres@127.0.0.1:5432/postgres)",
    );
  const dbName = `qn_bench_${Date.now().toString(36)}`;
  await onServer(base, `CREATE DATABASE ${dbName}`);
  const url = new URL(base);
  url.pathname = `/${dbName}`;
  const secret = randomBytes(32).toString("base64url");
  const port = await freePort();
  const server = spawn("node", [join(__dirname, "..", "server", "main.js")], {
    env: {
      ...process.env,
      DATABASE_URL: url.toString(),
      PORT: String(port),
      JWT_SECRET: secret,
      NODE_ENV: "production",
      LOG_LEVEL: "warn",
      RATE_LIMIT_PER_MINUTE: "100000000",
      COST_BUDGET_PER_MINUTE: "100000000000",
    },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const endpoint = `http://127.0.0.1:${port}/graphql`;
  try {
    await new Promise<void>((resolve, reject) => {
      server.stdout!.on("data", (c) => String(c).includes("GraphQL at") && resolve());
      server.once("exit", (code) => reject(new Error(`server exited with ${code}`)));
    });
    const auth = { kind: "secret" as const, secret, maxTokenLifetimeSeconds: 12 * 3600 };
    const adminToken = await signToken(auth, { sub: "bench-admin", role: Role.ADMIN });
    const call = async <T = unknown>(query: string, variables?: unknown) => {
      const res = await fetch(endpoint, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${adminToken}` },
        body: JSON.stringify({ query, variables }),
      });
      return (await res.json()) as { data?: T; errors?: { extensions?: { code?: string } }[] };
    };
    await call(`mutation { routeHouseholds(filter: {}) { createdCount } }`);
    const taskIds: string[] = (
      await call<{ tasks: { edges: { node: { id: string } }[] } }>(
        `{ tasks(first: 100) { edges { node { id } } } }`,
      )
    ).data!.tasks.edges.map((e) => e.node.id);

    let events = 0;
    let subscriptionsLost = 0;
    const sockets = Array.from({ length: SUBSCRIBERS }, (_, i) => {
      const client = createWsClient({
        url: endpoint.replace("http", "ws"),
        webSocketImpl: WebSocket,
        connectionParams: { authorization: `Bearer ${adminToken}` },
        retryAttempts: 0,
      });
      client.subscribe(
        {
          query: `subscription($w: String!) { taskUpdated(wardCode: $w) { cursor } }`,
          variables: { w: WARDS[i % WARDS.length] },
        },
        {
          next: () => void events++,
          error: () => void subscriptionsLost++,
          complete: () => undefined,
        },
      );
      return client;
    });

    const counts = { requests: 0, errors: 0, conflicts: 0 };
    const errorCodes: Record<string, number> = {};
    const samples: { at: number; rssMb: number; heapMb: number }[] = [];
    const started = Date.now();
    const sample = async () => {
      const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
      const metric = (name: string) =>
        Number(new RegExp(`^${name} (\\S+)`, "m").exec(text)?.[1] ?? NaN) / 1024 / 1024;
      samples.push({
        at: Math.round((Date.now() - started) / 1000),
        rssMb: metric("qn_process_resident_memory_bytes"),
        heapMb: metric("qn_nodejs_heap_size_used_bytes"),
      });
    };
    await sample();
    const sampler = setInterval(() => void sample().catch(() => void counts.errors++), 10_000);
    const operations = [
      () =>
        call(
          `{ households(first: 50) { totalCount edges { node { code ward { name } members { fullName } deprivations { indicator } } } } }`,
        ),
      () =>
        call(
          `{ tasks(first: 50, filter: { statuses: [ROUTED, ACCEPTED] }) { totalCount edges { node { id status measure { code } household { code } } } } }`,
        ),
      () => call(`{ stats(groupBy: [WARD, CLASSIFICATION]) { households } }`),
      async () => {
        const id = taskIds[Math.floor(Math.random() * taskIds.length)];
        const { data } = await call<{ task: { version: number } }>(
          `query($id: ID!) { task(id: $id) { version } }`,
          { id },
        );
        return call(
          `mutation($id: ID!, $v: Int!) { commentOnTask(id: $id, version: $v, text: "soak") { id } }`,
          { id, v: data!.task.version },
        );
      },
    ];
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (Date.now() - started < SECONDS * 1000) {
          const op = operations[Math.floor(Math.random() * operations.length)];
          counts.requests += 1;
          try {
            const res = await op();
            const code = res.errors?.[0]?.extensions?.code;
            if (code === "CONFLICT") counts.conflicts += 1;
            else if (res.errors) {
              counts.errors += 1;
              errorCodes[code ?? "UNKNOWN"] = (errorCodes[code ?? "UNKNOWN"] ?? 0) + 1;
            }
          } catch {
            counts.errors += 1;
            errorCodes.TRANSPORT = (errorCodes.TRANSPORT ?? 0) + 1;
          }
        }
      }),
    );
    clearInterval(sampler);
    await sample();
    await Promise.all(sockets.map((s) => s.dispose()));

    const elapsed = (Date.now() - started) / 1000;
    // The first minute (or third) is warm-up: 500 subscribers connecting, caches and JIT filling.
    const warmUp = Math.min(60, SECONDS / 3);
    const slope = (key: "rssMb" | "heapMb") =>
      regressionPerMinute(samples.filter((s) => s.at >= warmUp).map((s) => [s.at, s[key]]));
    const result = {
      seconds: Math.round(elapsed),
      concurrency: CONCURRENCY,
      subscribers: SUBSCRIBERS,
      requests: counts.requests,
      requestsPerSecond: Math.round(counts.requests / elapsed),
      errors: counts.errors + subscriptionsLost,
      errorCodes: {
        ...errorCodes,
        ...(subscriptionsLost ? { SUBSCRIPTION_LOST: subscriptionsLost } : {}),
      },
      conflictsRefused: counts.conflicts,
      eventsDelivered: events,
      rssMb: {
        first: round(samples[0].rssMb),
        last: round(samples[samples.length - 1].rssMb),
        trendMbPerMinute: round(slope("rssMb")),
      },
      heapMb: {
        first: round(samples[0].heapMb),
        last: round(samples[samples.length - 1].heapMb),
        trendMbPerMinute: round(slope("heapMb")),
      },
      samples,
    };
    const rows: [string, string, string][] = [
      ["errors", String(result.errors), "0"],
      ["requests / s", String(result.requestsPerSecond), "—"],
      ["requests", String(result.requests), "—"],
      ["stale-version conflicts refused (expected)", String(result.conflictsRefused), "—"],
      [`events delivered to ${SUBSCRIBERS} subscribers`, String(result.eventsDelivered), "—"],
      [
        "RSS MB first → last (trend MB/min after warm-up)",
        `${result.rssMb.first} → ${result.rssMb.last} (${result.rssMb.trendMbPerMinute})`,
        "flat",
      ],
      [
        "heap MB first → last (trend MB/min after warm-up)",
        `${result.heapMb.first} → ${result.heapMb.last} (${result.heapMb.trendMbPerMinute})`,
        "flat",
      ],
    ];
    process.stdout.write(
      `\nSoak: ${result.seconds} s, ${CONCURRENCY} clients, ${SUBSCRIBERS} subscribers\n`,
    );
    for (const [name, value, target] of rows)
      process.stdout.write(`  ${name.padEnd(50)} ${value.padEnd(28)} target ${target}\n`);
    const out = join(__dirname, "..", "..", "bench", "results");
    mkdirSync(out, { recursive: true });
    writeFileSync(join(out, "soak.json"), `${JSON.stringify(result, null, 2)}\n`);
    process.stdout.write(`written to bench/results/soak.json\n`);
  } finally {
    if (server.exitCode === null && server.signalCode === null) {
      server.kill("SIGTERM");
      await new Promise((resolve) => server.once("exit", resolve));
    }
    await onServer(base, `DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
  }
}

const round = (n: number) => Math.round(n * 10) / 10;

/** Least-squares slope of (seconds, MB) points, in MB per minute. */
function regressionPerMinute(points: [number, number][]): number {
  if (points.length < 2) return 0;
  const n = points.length;
  const mx = points.reduce((s, [x]) => s + x, 0) / n;
  const my = points.reduce((s, [, y]) => s + y, 0) / n;
  const num = points.reduce((s, [x, y]) => s + (x - mx) * (y - my), 0);
  const den = points.reduce((s, [x]) => s + (x - mx) ** 2, 0);
  return den === 0 ? 0 : (num / den) * 60;
}

main().catch((e) => {
  process.stderr.write(`${e instanceof Error ? e.message : e}\n`);
  process.exit(1);
});
