import { execFile, spawn } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { Role } from "../server/shared/auth";
import { cpuMillis, freshBenchDatabase, round, startBenchServer, type Figure } from "./harness";

const run = promisify(execFile);
const CONNECTIONS = 50;
const SECONDS = Number(process.env.BENCH_THROUGHPUT_SECONDS ?? 15);
/** Load before each measured run, so both servers are measured warm (compiled, pools filled), not while the JIT is still at work. */
const WARM_UP_SECONDS = 3;
/** Agency staff's "my open tasks with their households": the staff query the benchmarks hold the server to. */
export const STAFF_QUERY = `{ tasks(first: 20, filter: { statuses: [ROUTED, ACCEPTED, IN_PROGRESS] }) { edges { node { id status dueOn household { code classification } } } } }`;

interface Load {
  requestsPerSecond: number;
  p50: number;
  p99: number;
  errors: number;
  /** CPU the serving process spent per request, in ms (null where it cannot be read). */
  cpuPerRequest: number | null;
}

/** autocannon, in a process of its own, against a URL for `seconds` at CONNECTIONS connections; `pid` is the serving process. */
async function load(url: string, headers: Record<string, string>, body: string, pid: number, seconds = SECONDS): Promise<Load> {
  const args = [require.resolve("autocannon/autocannon.js"), "-c", String(CONNECTIONS), "-d", String(seconds), "-m", "POST", "-b", body, "--json"];
  for (const [k, v] of Object.entries(headers)) args.push("-H", `${k}=${v}`);
  const cpuBefore = cpuMillis(pid);
  const { stdout } = await run("node", [...args, url], { maxBuffer: 64 * 1024 * 1024 });
  const cpuAfter = cpuMillis(pid);
  const r = JSON.parse(stdout);
  const cpuPerRequest = cpuBefore === null || cpuAfter === null ? null : (cpuAfter - cpuBefore) / r.requests.total;
  return { requestsPerSecond: Math.round(r.requests.average), p50: r.latency.p50, p99: r.latency.p99, errors: r.errors + r.non2xx + r.timeouts, cpuPerRequest };
}

/** `load`, measured after WARM_UP_SECONDS of the same load. */
async function warmLoad(...args: Parameters<typeof load>): Promise<Load> {
  await load(args[0], args[1], args[2], args[3], WARM_UP_SECONDS);
  return load(...args);
}

/**
 * Agency staff's "my open tasks with their households" through GraphQL against a bare handler
 * running the same SQL, in the same run and on the same database.
 */
export async function throughput(): Promise<Figure[]> {
  const db = await freshBenchDatabase("throughput");
  const server = await startBenchServer(db.url);
  const baseline = spawn("node", [join(__dirname, "baseline-server.js")], { env: { ...process.env, DATABASE_URL: db.url }, stdio: ["ignore", "pipe", "inherit"] });
  try {
    await server.call(`mutation { routeHouseholds(filter: {}) { createdCount } }`);
    const { data } = await server.call(`{ agencies { id code } }`);
    const labour = data.agencies.find((a: { code: string }) => a.code === "LABOUR").id;
    baseline.kill();
    const bare = spawn("node", [join(__dirname, "baseline-server.js")], { env: { ...process.env, DATABASE_URL: db.url, AGENCY_ID: labour }, stdio: ["ignore", "pipe", "inherit"] });
    try {
      const port = await new Promise<number>((resolve) => bare.stdout!.on("data", (c) => resolve(Number(/port (\d+)/.exec(String(c))![1]))));
      const token = await server.token(Role.AGENCY_STAFF, { agency: "LABOUR" });
      const graphql = await warmLoad(server.endpoint, { "content-type": "application/json", authorization: `Bearer ${token}` }, JSON.stringify({ query: STAFF_QUERY }), server.process.pid!);
      const ceiling = await warmLoad(`http://127.0.0.1:${port}/`, { "content-type": "application/json" }, "{}", bare.pid!);
      const cpu = (l: Load) => (l.cpuPerRequest === null ? "—" : round(l.cpuPerRequest, 2));
      const ratio = graphql.requestsPerSecond / ceiling.requestsPerSecond;
      return [
        { name: `GraphQL "my open tasks with their households", ${CONNECTIONS} connections, ${SECONDS} s`, value: graphql.requestsPerSecond, unit: "req/s", target: "—", met: null },
        { name: "  its latency p50 / p99", value: `${graphql.p50} / ${graphql.p99}`, unit: "ms", target: "—", met: null },
        { name: "  errors", value: graphql.errors, unit: "", target: "0", met: graphql.errors === 0 },
        { name: "  CPU of the server process per request", value: cpu(graphql), unit: "ms", target: "—", met: null },
        { name: "bare Node + pg + JSON.stringify, same SQL (the ceiling)", value: ceiling.requestsPerSecond, unit: "req/s", target: "—", met: null },
        { name: "  its latency p50 / p99", value: `${ceiling.p50} / ${ceiling.p99}`, unit: "ms", target: "—", met: null },
        { name: "  CPU of its process per request", value: cpu(ceiling), unit: "ms", target: "—", met: null },
        { name: "GraphQL / ceiling", value: round(ratio, 2), unit: "", target: "≥ 0.5", met: ratio >= 0.5 },
      ];
    } finally {
      bare.kill();
    }
  } finally {
    baseline.kill();
    await server.stop();
    await db.drop();
  }
}
