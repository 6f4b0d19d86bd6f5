import { execFile, spawn } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { Client } from "pg";
import { Role } from "../server/shared/auth";
import {
  cpuMillis,
  databaseCpuMillis,
  databaseCpuSince,
  freshBenchDatabase,
  round,
  startBenchServer,
  type Figure,
} from "./harness";
import { PEER_QUERY, PEER_SECRETARIAT_QUERY, PEER_WARD_QUERY, startPeer } from "./peer";

const run = promisify(execFile);
const CONNECTIONS = 50;
const SECONDS = Number(process.env.BENCH_THROUGHPUT_SECONDS ?? 15);
/** Each server's SECONDS are measured in this many turns, the servers taking turns, so the machine's changing load falls on all of them alike. */
const ROUNDS = Number(process.env.BENCH_THROUGHPUT_ROUNDS ?? 3);
/** Load before the measured rounds, so every server is measured warm (compiled, pools filled), not while the JIT is still at work. */
const WARM_UP_SECONDS = 3;
/** Agency staff's "my open tasks with their households": the staff query the benchmarks hold the server to, sent ad hoc. */
export const STAFF_QUERY = `{ tasks(first: 20, filter: { statuses: [ROUTED, ACCEPTED, IN_PROGRESS] }) { edges { node { id status dueOn household { code classification } } } } }`;
/** The same question as the client SDK sends it (`MyOpenTasks`, a trusted document: run compiled). */
const SDK_STAFF_QUERY = sdkDocument("MyOpenTasks");
/** The ward officer's household page as the client SDK sends it (`ListHouseholds`: a trusted document, run compiled). */
const SDK_WARD_QUERY = sdkDocument("ListHouseholds");

function sdkDocument(operation: string): string {
  // The installed SDK package's JSON, read at run time as a user of the package would.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const documents = require("@quy-nhon/client-sdk/persisted-documents.json") as Record<
    string,
    string
  >;
  return Object.values(documents).find((text) => text.startsWith(`query ${operation}(`))!;
}

interface Target {
  url: string;
  headers: Record<string, string>;
  body: string;
  /** The serving process, whose CPU is counted. */
  pid: number;
}

interface Load {
  requests: number;
  seconds: number;
  p99: number;
  errors: number;
  /** CPU the serving process spent, in ms (null where it cannot be read). */
  cpu: number | null;
  /** CPU PostgreSQL's processes spent, in ms (null where it cannot be read). */
  databaseCpu: number | null;
}

/** autocannon, in a process of its own, against the target for `seconds` at CONNECTIONS connections. */
async function load(target: Target, seconds: number): Promise<Load> {
  const args = [
    require.resolve("autocannon/autocannon.js"),
    "-c",
    String(CONNECTIONS),
    "-d",
    String(seconds),
    "-m",
    "POST",
    "-b",
    target.body,
    "--json",
  ];
  for (const [k, v] of Object.entries(target.headers)) args.push("-H", `${k}=${v}`);
  const cpuBefore = cpuMillis(target.pid);
  const databaseBefore = databaseCpuMillis();
  const { stdout } = await run("node", [...args, target.url], { maxBuffer: 64 * 1024 * 1024 });
  const cpuAfter = cpuMillis(target.pid);
  const databaseCpu = databaseCpuSince(databaseBefore);
  const r = JSON.parse(stdout);
  return {
    requests: r.requests.total,
    seconds: r.duration,
    p99: r.latency.p99,
    errors: r.errors + r.non2xx + r.timeouts,
    cpu: cpuBefore === null || cpuAfter === null ? null : cpuAfter - cpuBefore,
    databaseCpu,
  };
}

/** Warms every target, then measures them in ROUNDS interleaved turns; per target: req/s and CPU per request over all turns, the worst turn's p99. */
async function interleaved(targets: Target[]): Promise<
  {
    requestsPerSecond: number;
    p99: number;
    errors: number;
    cpuPerRequest: number | null;
    databaseCpuPerRequest: number | null;
  }[]
> {
  for (const t of targets) await load(t, WARM_UP_SECONDS);
  const turns: Load[][] = targets.map(() => []);
  for (let r = 0; r < ROUNDS; r++)
    for (const [i, t] of targets.entries()) turns[i].push(await load(t, SECONDS / ROUNDS));
  return turns.map((loads) => {
    const requests = loads.reduce((s, l) => s + l.requests, 0);
    const total = (cpu: (l: Load) => number | null) =>
      loads.some((l) => cpu(l) === null) ? null : loads.reduce((s, l) => s + cpu(l)!, 0) / requests;
    return {
      requestsPerSecond: Math.round(requests / loads.reduce((s, l) => s + l.seconds, 0)),
      p99: Math.max(...loads.map((l) => l.p99)),
      errors: loads.reduce((s, l) => s + l.errors, 0),
      cpuPerRequest: total((l) => l.cpu),
      databaseCpuPerRequest: total((l) => l.databaseCpu),
    };
  });
}

/**
 * Agency staff's "my open tasks with their households" through our GraphQL server (authenticated,
 * scoped, rate-limited, logged; as the SDK's trusted document, compiled, and sent ad hoc, on
 * graphql-js), PostGraphile 5 (no authentication) and a bare handler running the same SQL, in the
 * same run, on the same database, in interleaved rounds.
 */
type Agency = { id: string; code: string };

/**
 * The agencies whose staff's inboxes are measured: the one owning the most open tasks, the
 * secretariat aside, and the secretariat (LABOUR), whose staff also see every declined and overdue
 * task — another question, held to a peer function that asks it too.
 */
async function inboxAgencies(url: string): Promise<{ busiest: Agency; secretariat: Agency }> {
  const pg = new Client({ connectionString: url });
  await pg.connect();
  try {
    const { rows } = await pg.query<Agency>(
      `(SELECT a.id, a.code FROM agency a JOIN task_assignment t ON t.owner_agency_id = a.id
         WHERE a.code <> 'LABOUR' AND t.status IN ('ROUTED', 'ACCEPTED', 'IN_PROGRESS')
         GROUP BY a.id, a.code ORDER BY count(*) DESC, a.code LIMIT 1)
       UNION ALL (SELECT id, code FROM agency WHERE code = 'LABOUR')`,
    );
    return { busiest: rows[0], secretariat: rows[1] };
  } finally {
    await pg.end();
  }
}

/** Throws unless every answer holds the same 20 tasks in the same order: a wrong query cannot pass for a fast one. */
function requireSameTasks(question: string, answers: Record<string, string[] | undefined>) {
  const [first, ...others] = Object.values(answers);
  if (first?.length !== 20 || others.some((o) => JSON.stringify(o) !== JSON.stringify(first)))
    throw new Error(`${question}: the 20 tasks differ: ${JSON.stringify(answers)}`);
}

/** A page's edges as the ward-page check compares them: by household code. */
type CodeEdges = { node: { code: string } }[];

export async function throughput(): Promise<Figure[]> {
  const db = await freshBenchDatabase("throughput");
  const server = await startBenchServer(db.url);
  try {
    await server.call(`mutation { routeHouseholds(filter: {}) { createdCount } }`);
    const { busiest: inbox, secretariat } = await inboxAgencies(db.url);
    const bare = spawn("node", [join(__dirname, "baseline-server.js")], {
      env: { ...process.env, DATABASE_URL: db.url, AGENCY_ID: inbox.id },
      stdio: ["ignore", "pipe", "inherit"],
    });
    const peer = await startPeer(db.url);
    try {
      const port = await new Promise<number>((resolve) =>
        bare.stdout!.on("data", (c) => resolve(Number(/port (\d+)/.exec(String(c))![1]))),
      );
      const json = { "content-type": "application/json" };
      const staffOf = async (agency: Agency) => ({
        ...json,
        authorization: `Bearer ${await server.token(Role.AGENCY_STAFF, { agency: agency.code })}`,
      });
      const [staff, secretariatStaff] = [await staffOf(inbox), await staffOf(secretariat)];
      const peerBody = JSON.stringify({ query: PEER_QUERY, variables: { agency: inbox.id } });
      const peerSecretariatBody = JSON.stringify({
        query: PEER_SECRETARIAT_QUERY,
        variables: { agency: secretariat.id },
      });
      const sdkStaffBody = JSON.stringify({ query: SDK_STAFF_QUERY, variables: { first: 20 } });
      const post = async <T>(url: string, headers: Record<string, string>, body: string) =>
        (await (await fetch(url, { method: "POST", headers, body })).json()) as T;
      const peerTaskIds = async (body: string) =>
        Object.values(
          (
            await post<{ data?: Record<string, { nodes: { id: string }[] }> }>(
              peer.endpoint,
              json,
              body,
            )
          ).data ?? {},
        )[0]?.nodes.map(
          // PostGraphile's `id` is its global node id: base64 of ["TypeName", primary key].
          (n) => (JSON.parse(Buffer.from(n.id, "base64").toString()) as string[])[1],
        );
      const oursTaskIds = async (headers: Record<string, string>) =>
        (
          await post<{ data?: { tasks?: { edges: { node: { id: string } }[] } } }>(
            server.endpoint,
            headers,
            sdkStaffBody,
          )
        ).data?.tasks?.edges.map((e) => e.node.id);
      requireSameTasks(`${inbox.code}'s inbox`, {
        ours: await oursTaskIds(staff),
        PostGraphile: await peerTaskIds(peerBody),
        bare: (
          await post<{ data: { tasks: { id: string }[] } }>(`http://127.0.0.1:${port}/`, json, "{}")
        ).data.tasks.map((t) => t.id),
      });
      requireSameTasks("the secretariat's inbox", {
        ours: await oursTaskIds(secretariatStaff),
        PostGraphile: await peerTaskIds(peerSecretariatBody),
      });
      // The ward officer's page: the ward with the most of the first 100 households, its first 20 by code.
      const byWard = new Map<string, { id: string; code: string; n: number }>();
      for (const { node } of (
        await server.call<{
          households: { edges: { node: { ward: { id: string; code: string } } }[] };
        }>(`{ households(first: 100) { edges { node { ward { id code } } } } }`)
      ).data!.households.edges) {
        const w = byWard.get(node.ward.id) ?? { ...node.ward, n: 0 };
        byWard.set(node.ward.id, { ...w, n: w.n + 1 });
      }
      const ward = [...byWard.values()].sort((a, b) => b.n - a.n)[0];
      const officer = {
        ...json,
        authorization: `Bearer ${await server.token(Role.WARD_OFFICER, { ward: ward.code })}`,
      };
      const peerWardBody = JSON.stringify({ query: PEER_WARD_QUERY, variables: { ward: ward.id } });
      const peerWard = (await (
        await fetch(peer.endpoint, { method: "POST", headers: json, body: peerWardBody })
      ).json()) as { data?: { wardHouseholds?: { edges?: CodeEdges } } };
      const oursWard = (await (
        await fetch(server.endpoint, {
          method: "POST",
          headers: officer,
          body: JSON.stringify({ query: SDK_WARD_QUERY, variables: { first: 20 } }),
        })
      ).json()) as { data?: { households?: { edges?: CodeEdges } } };
      const codes = (edges: CodeEdges | undefined) =>
        JSON.stringify(edges?.map((e) => e.node.code));
      if (
        codes(peerWard.data?.wardHouseholds?.edges) !== codes(oursWard.data?.households?.edges) ||
        oursWard.data!.households!.edges!.length !== 20
      ) {
        throw new Error(
          `PostGraphile's ward page is not ours: ${JSON.stringify(peerWard).slice(0, 300)} / ${JSON.stringify(oursWard).slice(0, 300)}`,
        );
      }
      const [
        ours,
        adHoc,
        postgraphile,
        ceiling,
        oursWardPage,
        peerWardPage,
        oursSecretariat,
        peerSecretariat,
      ] = await interleaved([
        { url: server.endpoint, headers: staff, body: sdkStaffBody, pid: server.process.pid! },
        {
          url: server.endpoint,
          headers: staff,
          body: JSON.stringify({ query: STAFF_QUERY }),
          pid: server.process.pid!,
        },
        { url: peer.endpoint, headers: json, body: peerBody, pid: peer.process.pid! },
        { url: `http://127.0.0.1:${port}/`, headers: json, body: "{}", pid: bare.pid! },
        {
          url: server.endpoint,
          headers: officer,
          body: JSON.stringify({ query: SDK_WARD_QUERY, variables: { first: 20 } }),
          pid: server.process.pid!,
        },
        { url: peer.endpoint, headers: json, body: peerWardBody, pid: peer.process.pid! },
        {
          url: server.endpoint,
          headers: secretariatStaff,
          body: sdkStaffBody,
          pid: server.process.pid!,
        },
        { url: peer.endpoint, headers: json, body: peerSecretariatBody, pid: peer.process.pid! },
      ]);
      const ms = (value: number | null) => (value === null ? "—" : round(value, 2));
      const toBare = ours.requestsPerSecond / ceiling.requestsPerSecond;
      /** `a` against `b` by requests per second and by CPU per request; `held` to ≥ 1, or only shown. */
      const against = (label: string, a: typeof ours, b: typeof ours, held = true): Figure[] => [
        {
          name: `${label}, req/s`,
          value: round(a.requestsPerSecond / b.requestsPerSecond, 2),
          unit: "",
          target: held ? "≥ 1" : "—",
          met: held ? a.requestsPerSecond >= b.requestsPerSecond : null,
        },
        {
          name: `${label}, by CPU per request (theirs ÷ ours)`,
          value:
            a.cpuPerRequest && b.cpuPerRequest ? round(b.cpuPerRequest / a.cpuPerRequest, 2) : "—",
          unit: "",
          target: held ? "≥ 1" : "—",
          met:
            held && a.cpuPerRequest && b.cpuPerRequest ? b.cpuPerRequest >= a.cpuPerRequest : null,
        },
      ];
      const rows = (name: string, l: typeof ours): Figure[] => [
        { name, value: l.requestsPerSecond, unit: "req/s", target: "—", met: null },
        {
          name: "  p99 (worst round) / errors",
          value: `${l.p99} / ${l.errors}`,
          unit: "ms",
          target: "0 errors",
          met: l.errors === 0,
        },
        {
          name: "  CPU of its process per request",
          value: ms(l.cpuPerRequest),
          unit: "ms",
          target: "—",
          met: null,
        },
        {
          name: "  CPU of PostgreSQL per request (all its processes on this machine)",
          value: ms(l.databaseCpuPerRequest),
          unit: "ms",
          target: "—",
          met: null,
        },
      ];
      return [
        ...rows(
          `ours, the SDK's MyOpenTasks (compiled; ${inbox.code} staff: token, scope, rate limit, access log), ${CONNECTIONS} conn., ${ROUNDS} × ${round(SECONDS / ROUNDS)} s`,
          ours,
        ),
        ...rows("ours, the same query sent ad hoc (graphql-js)", adHoc),
        ...rows(
          "PostGraphile 5, amber preset, STABLE SQL function, no auth (Node 22)",
          postgraphile,
        ),
        ...rows("bare Node + pg + JSON.stringify, same SQL", ceiling),
        ...against("ours / PostGraphile", ours, postgraphile),
        // Ad-hoc queries are the analysts' (graphql-js): measured, not held to the peer.
        ...against("ours ad hoc / PostGraphile", adHoc, postgraphile, false),
        {
          name: "ours / bare, req/s",
          value: round(toBare, 2),
          unit: "",
          target: "≥ 0.5",
          met: toBare >= 0.5,
        },
        ...rows(
          `ours, the SDK's ListHouseholds (compiled; a ward officer's page of 20 with the count: token, scope, rate limit, access log)`,
          oursWardPage,
        ),
        ...rows(
          "PostGraphile 5, the same page (STABLE SQL function, totalCount), no auth",
          peerWardPage,
        ),
        ...against("ward page: ours / PostGraphile", oursWardPage, peerWardPage),
        ...rows(
          `ours, the secretariat's inbox (MyOpenTasks as ${secretariat.code} staff: also every overdue open task)`,
          oursSecretariat,
        ),
        ...rows(
          "PostGraphile 5, the same (STABLE SQL function with the overdue tasks)",
          peerSecretariat,
        ),
        ...against("secretariat's inbox: ours / PostGraphile", oursSecretariat, peerSecretariat),
      ];
    } finally {
      bare.kill();
      await peer.stop();
    }
  } finally {
    await server.stop();
    await db.drop();
  }
}
