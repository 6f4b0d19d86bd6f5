import { randomBytes } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import net from "node:net";
import { join } from "node:path";
import { Client } from "pg";
import WebSocket from "ws";
import { Role, signToken } from "../server/shared/auth";

/** A figure of a benchmark: its value, the target it is held to, and whether it meets it. */
export interface Figure {
  name: string;
  value: number | string;
  unit: string;
  target: string;
  met: boolean | null;
}

/** A fresh PostgreSQL database of its own on the server `DATABASE_URL` names; dropped by `drop`. */
export async function freshBenchDatabase(
  label: string,
): Promise<{ url: string; drop(): Promise<void> }> {
  const base = process.env.DATABASE_URL;
  if (!base)
    throw new Error(
      "npm run bench needs DATABASE_URL, a PostgreSQL server (e.g. postgres://postgres@127.0.0.1:5432/postgres)",
    );
  const name = `qn_bench_${label}_${Date.now().toString(36)}`;
  await onServer(base, `CREATE DATABASE ${name}`);
  const url = new URL(base);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () => onServer(base, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}

export async function onServer(url: string, sql: string): Promise<void> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

/** A parsed GraphQL answer, its data as the caller reads it. */
export interface BenchAnswer<T> {
  data?: T;
  errors?: { message: string; extensions?: { code?: string } }[];
  extensions?: { sqlStatements?: number };
}

export interface BenchServer {
  endpoint: string;
  port: number;
  process: ChildProcess;
  /** The token secret, for a second instance that must accept the same tokens. */
  secret: string;
  token(role: Role, claims?: { agency?: string; ward?: string }): Promise<string>;
  /** POSTs an operation as ADMIN (or with the token) and returns the parsed answer. */
  call<T = unknown>(query: string, variables?: unknown, token?: string): Promise<BenchAnswer<T>>;
  /** RSS and heap right after a full garbage collection (servers started with `inspect` only). */
  memoryAfterCollection(): Promise<{ rss: number; heapUsed: number }>;
  stop(): Promise<void>;
}

/** Starts the built server as a child process on the database, in production mode. */
export async function startBenchServer(
  databaseUrl: string,
  env: Record<string, string> = {},
  secret = randomBytes(32).toString("base64url"),
  options: { inspect?: boolean } = {},
): Promise<BenchServer> {
  const port = await freePort();
  // The inspector lets the bench force a collection, so heap and RSS figures do not swing with the collector.
  const inspectPort = options.inspect ? await freePort() : null;
  // BENCH_SERVER_NODE_ARGS, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof", profiles the servers a benchmark starts.
  const nodeArgs = [
    ...(process.env.BENCH_SERVER_NODE_ARGS ?? "").split(" ").filter(Boolean),
    ...(inspectPort ? [`--inspect=127.0.0.1:${inspectPort}`] : []),
  ];
  const child = spawn("node", [...nodeArgs, join(__dirname, "..", "server", "main.js")], {
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      JWT_SECRET: secret,
      NODE_ENV: "production",
      LOG_LEVEL: "warn",
      RATE_LIMIT_PER_MINUTE: "100000000",
      COST_BUDGET_PER_MINUTE: "100000000000",
      ...env,
    },
    stdio: ["ignore", "pipe", inspectPort ? "pipe" : "inherit"],
  });
  // The inspector announces every attach on stderr; the rest of stderr still reaches the console.
  child.stderr?.on("data", (chunk) => {
    const kept = String(chunk)
      .split("\n")
      .filter(
        (line) => line && !/^(Debugger (listening|attached|ending)|For help, see)/.test(line),
      );
    if (kept.length) process.stderr.write(kept.join("\n") + "\n");
  });
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on("data", (c) => String(c).includes("GraphQL at") && resolve());
    child.once("exit", (code) => reject(new Error(`server exited with ${code}`)));
  });
  const endpoint = `http://127.0.0.1:${port}/graphql`;
  const auth = { kind: "secret" as const, secret, maxTokenLifetimeSeconds: 12 * 3600 };
  const token = (role: Role, claims: { agency?: string; ward?: string } = {}) =>
    signToken(auth, { sub: `bench-${role.toLowerCase()}`, role, ...claims });
  const adminToken = await token(Role.ADMIN);
  return {
    endpoint,
    port,
    process: child,
    secret,
    token,
    call: async <T>(query: string, variables?: unknown, bearer?: string) => {
      const res = await fetch(endpoint, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          authorization: `Bearer ${bearer ?? adminToken}`,
        },
        body: JSON.stringify({ query, variables }),
      });
      return (await res.json()) as BenchAnswer<T>;
    },
    memoryAfterCollection: () => {
      if (!inspectPort)
        throw new Error("memoryAfterCollection needs a server started with { inspect: true }");
      return memoryAfterCollection(inspectPort);
    },
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill("SIGTERM");
      await new Promise((resolve) => child.once("exit", resolve));
    },
  };
}

/** A reply of the inspector protocol; `Runtime.evaluate` with returnByValue carries the value. */
interface CdpReply {
  id: number;
  result: { result: { value: string } };
}

/** Forces a full garbage collection in the process behind the inspector port and reads its memory. */
async function memoryAfterCollection(
  inspectPort: number,
): Promise<{ rss: number; heapUsed: number }> {
  const [target] = (await (await fetch(`http://127.0.0.1:${inspectPort}/json/list`)).json()) as {
    webSocketDebuggerUrl: string;
  }[];
  const socket = new WebSocket(target.webSocketDebuggerUrl);
  await once(socket, "open");
  const replies = new Map<number, (reply: CdpReply) => void>();
  socket.on("message", (data) => {
    const reply = JSON.parse(String(data)) as CdpReply;
    replies.get(reply.id)?.(reply);
  });
  let lastId = 0;
  const send = (method: string, params: object = {}) =>
    new Promise<CdpReply>((resolve, reject) => {
      socket.once("error", reject);
      replies.set(++lastId, resolve);
      socket.send(JSON.stringify({ id: lastId, method, params }));
    });
  try {
    await send("HeapProfiler.collectGarbage");
    const reply = await send("Runtime.evaluate", {
      expression: "JSON.stringify(process.memoryUsage())",
      returnByValue: true,
    });
    const { rss, heapUsed } = JSON.parse(reply.result.result.value);
    return { rss, heapUsed };
  } finally {
    socket.close();
  }
}

export const freePort = () =>
  new Promise<number>((resolve) => {
    const s = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });

/** CPU time (user + system) a process has used so far, in ms; null where /proc cannot tell (not Linux). */
export function cpuMillis(pid: number): number | null {
  try {
    // Fields after the command name: state is the 1st, utime the 12th and stime the 13th, in clock ticks (100 per second).
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return null;
  }
}

/** CPU time (ms) of each PostgreSQL process on this machine by pid, or null where /proc cannot tell. */
export function databaseCpuMillis(): Map<number, number> | null {
  try {
    const byPid = new Map<number, number>();
    for (const entry of readdirSync("/proc")) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        if (readFileSync(`/proc/${entry}/comm`, "utf8").trim() !== "postgres") continue;
        const cpu = cpuMillis(Number(entry));
        if (cpu !== null) byPid.set(Number(entry), cpu);
      } catch {
        // The process ended while it was read.
      }
    }
    return byPid;
  } catch {
    return null;
  }
}

/**
 * What PostgreSQL's processes spent since `before` (ms): what the database spends on a load when
 * its server runs here. Other databases' work on the same server counts too; a process that ended
 * meanwhile is not counted.
 */
export function databaseCpuSince(before: Map<number, number> | null): number | null {
  const after = databaseCpuMillis();
  if (!before || !after) return null;
  let spent = 0;
  for (const [pid, cpu] of after) spent += cpu - (before.get(pid) ?? 0);
  return spent;
}

/** The p-th percentile (0–100) of the values, nearest rank. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

export const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;
