import { createClient, type Client as WsClient } from "graphql-ws";
import { Client } from "pg";
import WebSocket from "ws";
import { Role } from "../server/shared/auth";
import {
  freshBenchDatabase,
  percentile,
  round,
  startBenchServer,
  type BenchServer,
  type Figure,
} from "./harness";
import { generateHouseholds } from "./national";

const SUBSCRIBERS = Number(process.env.BENCH_SUBSCRIBERS ?? 2000);
const HOUSEHOLDS = 1000;
const FEED = `subscription($ward: String, $agency: String, $after: String) { taskUpdated(wardCode: $ward, agencyCode: $agency, after: $after) { event { kind at } } }`;

/** Which feed each subscriber follows: wards and agencies in turn. */
type Feed = { ward?: string; agency?: string };
/** The answer to `{ latestTaskEventCursor }`. */
type LatestCursor = { latestTaskEventCursor: string };

/**
 * SUBSCRIBERS graphql-ws subscribers (wards and agencies) spread over two instances on one
 * database while 1,000 households are routed through the API: the share of expected events
 * delivered, latency from the event's commit to the client (during the burst, and for one change
 * at a time), RSS per instance, and heap after rounds of subscribing and unsubscribing.
 */
export async function subscriptions(): Promise<Figure[]> {
  const db = await freshBenchDatabase("subscriptions");
  const a = await startBenchServer(db.url, {}, undefined, { inspect: true });
  const b = await startBenchServer(db.url, {}, a.secret, { inspect: true });
  const pg = new Client({ connectionString: db.url });
  await pg.connect();
  try {
    await generateHouseholds(pg, HOUSEHOLDS);
    const wardCodes: string[] = (
      await pg.query(`SELECT code FROM ward WHERE code >= '30001' ORDER BY code`)
    ).rows.map((r) => r.code);
    const agencyCodes: string[] = (
      await pg.query(`SELECT code FROM agency WHERE kind <> 'WARD_PEOPLES_COMMITTEE' ORDER BY code`)
    ).rows.map((r) => r.code);
    const feeds: Feed[] = Array.from({ length: SUBSCRIBERS }, (_, i) =>
      i % 2 === 0
        ? { ward: wardCodes[(i / 2) % wardCodes.length] }
        : { agency: agencyCodes[((i - 1) / 2) % agencyCodes.length] },
    );
    const after = (await a.call<LatestCursor>(`{ latestTaskEventCursor }`)).data!
      .latestTaskEventCursor;
    const token = await a.token(Role.ADMIN);

    const latencies: number[] = [];
    let delivered = 0;
    const clients = await subscribeAll([a, b], token, feeds, after, (at) => {
      delivered += 1;
      latencies.push(Date.now() - Date.parse(at));
    });
    const routed = await a.call<{ routeHouseholds: { createdCount: number } }>(
      `mutation($w: [String!]) { routeHouseholds(filter: { wardCodes: $w }) { createdCount } }`,
      { w: wardCodes },
    );
    if (routed.errors) throw new Error(JSON.stringify(routed.errors));
    const expected = await expectedDeliveries(pg, feeds);
    const deadline = Date.now() + 120_000;
    while (delivered < expected && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 200));
    const burst = [...latencies];
    const deliveredInBurst = delivered;
    const burstRss = await Promise.all(
      [a, b].map((s) => metric(s, "qn_process_resident_memory_bytes")),
    );

    // Steady state: one change at a time, each heard by its ward's and agencies' subscribers.
    latencies.length = 0;
    const tasks: { id: string; version: number }[] = (
      await pg.query(
        `SELECT t.id, t.version FROM task_assignment t JOIN ward w ON w.id = t.ward_id WHERE w.code >= '30001' ORDER BY t.created_at LIMIT 20`,
      )
    ).rows;
    for (const t of tasks) {
      await a.call(
        `mutation($id: ID!, $v: Int!) { commentOnTask(id: $id, version: $v, text: "bench") { id } }`,
        { id: t.id, v: t.version },
      );
      await new Promise((r) => setTimeout(r, 250));
    }
    const steady = [...latencies];
    const rss = (await Promise.all([a, b].map((s) => s.memoryAfterCollection()))).map((m) => m.rss);
    await Promise.all(clients.map((c) => c.dispose()));

    const heap: number[] = [];
    for (let round = 0; round < 5; round++) {
      const now = (await a.call<LatestCursor>(`{ latestTaskEventCursor }`)).data!
        .latestTaskEventCursor;
      const again = await subscribeAll([a, b], token, feeds, now, () => undefined);
      await Promise.all(again.map((c) => c.dispose()));
      await settled([a, b]);
      heap.push(
        (await Promise.all([a, b].map((s) => s.memoryAfterCollection()))).reduce(
          (sum, m) => sum + m.heapUsed,
          0,
        ),
      );
    }
    const share = deliveredInBurst / expected;
    return [
      {
        name: `events delivered to ${SUBSCRIBERS} subscribers on two instances (${routed.data!.routeHouseholds.createdCount} tasks routed)`,
        value: `${round(share * 100, 2)} % (${deliveredInBurst} of ${expected})`,
        unit: "",
        target: "100 %",
        met: deliveredInBurst === expected,
      },
      {
        name: `latency from commit to client, one change at a time (${steady.length} deliveries), p50`,
        value: round(percentile(steady, 50)),
        unit: "ms",
        target: "—",
        met: null,
      },
      {
        name: "latency from commit to client, one change at a time, p99",
        value: round(percentile(steady, 99)),
        unit: "ms",
        target: "≤ 250",
        met: percentile(steady, 99) <= 250,
      },
      {
        name: "latency from commit to client during the routing burst, p50 / p99",
        value: `${round(percentile(burst, 50))} / ${round(percentile(burst, 99))}`,
        unit: "ms",
        target: "—",
        met: null,
      },
      {
        name: `RSS per instance right after the burst (${deliveredInBurst} messages in flight to clients)`,
        value: burstRss.map((r) => round(r / 2 ** 20)).join(" / "),
        unit: "MB",
        target: "—",
        met: null,
      },
      {
        name: `RSS per instance serving its ${SUBSCRIBERS / 2} subscribers, after a full collection`,
        value: rss.map((r) => round(r / 2 ** 20)).join(" / "),
        unit: "MB",
        target: "≤ 300",
        met: rss.every((r) => r <= 300 * 2 ** 20),
      },
      // Each round's heap is read right after a forced full collection: what stays is what is held.
      {
        name: "heap of both instances after each of 5 rounds of subscribe/unsubscribe (full collection)",
        value: heap.map((h) => round(h / 2 ** 20)).join(" → "),
        unit: "MB",
        target: "no growth",
        met: heap[heap.length - 1] <= heap[0] * 1.05,
      },
    ];
  } finally {
    await pg.end();
    await Promise.all([a.stop(), b.stop()]);
    await db.drop();
  }
}

/** Opens one socket per subscriber, alternating instances; resolves once every subscription has been acknowledged by an event or settled. */
async function subscribeAll(
  servers: BenchServer[],
  token: string,
  feeds: Feed[],
  after: string,
  onEvent: (at: string) => void,
): Promise<WsClient[]> {
  const clients: WsClient[] = [];
  const ready: Promise<void>[] = [];
  feeds.forEach((feed, i) => {
    const client = createClient({
      url: servers[i % servers.length].endpoint.replace("http", "ws"),
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${token}` },
      retryAttempts: 0,
      lazy: false,
      on: { error: () => undefined },
    });
    clients.push(client);
    ready.push(
      new Promise<void>((resolve) => {
        client.on("connected", () => resolve());
        client.subscribe(
          { query: FEED, variables: { ...feed, after } },
          {
            next: (v) =>
              onEvent((v.data as { taskUpdated: { event: { at: string } } }).taskUpdated.event.at),
            error: () => resolve(),
            complete: () => undefined,
          },
        );
      }),
    );
  });
  await Promise.all(ready);
  return clients;
}

/** Deliveries the routing should cause: each new event once per subscriber of its ward, owner, supporters or notified agencies. */
async function expectedDeliveries(pg: Client, feeds: Feed[]): Promise<number> {
  const { rows } = await pg.query(
    `SELECT w.code AS ward, ARRAY(SELECT a.code FROM agency a WHERE a.id = e.owner_agency_id OR a.id = ANY(e.supporting_agency_ids) OR a.id = ANY(e.also_notify_agency_ids)) AS agencies
       FROM task_event e JOIN ward w ON w.id = e.ward_id WHERE w.code >= '30001'`,
  );
  const wardSubs = new Map<string, number>();
  const agencySubs = new Map<string, number>();
  for (const f of feeds) {
    if (f.ward) wardSubs.set(f.ward, (wardSubs.get(f.ward) ?? 0) + 1);
    if (f.agency) agencySubs.set(f.agency, (agencySubs.get(f.agency) ?? 0) + 1);
  }
  return rows.reduce(
    (n, r: { ward: string; agencies: string[] }) =>
      n +
      (wardSubs.get(r.ward) ?? 0) +
      r.agencies.reduce((m, code) => m + (agencySubs.get(code) ?? 0), 0),
    0,
  );
}

/** Waits until the servers hold no WebSocket connection and no subscription: a round's sockets are gone. */
async function settled(servers: BenchServer[]): Promise<void> {
  const open = async (s: BenchServer) =>
    (await metric(s, "qn_websocket_connections")) + (await metric(s, "qn_subscriptions_active"));
  const deadline = Date.now() + 30_000;
  while ((await Promise.all(servers.map(open))).some((n) => n > 0)) {
    if (Date.now() > deadline)
      throw new Error("connections still open 30 s after the clients left");
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function metric(server: BenchServer, name: string): Promise<number> {
  const text = await (await fetch(`http://127.0.0.1:${server.port}/metrics`)).text();
  return Number(new RegExp(`^${name} (\\S+)`, "m").exec(text)?.[1] ?? NaN);
}
