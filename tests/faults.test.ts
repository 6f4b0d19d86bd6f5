import { createClient } from "@quy-nhon/client-sdk";
import { Role } from "../server/shared/auth";
import { commentInWard, data, latestCursor } from "./harness/api-helpers";
import { startChildServer, type ChildServer } from "./harness/child-server";
import { startTcpProxy } from "./harness/tcp-proxy";
import { serverUrl, withDatabase } from "./harness/test-database";
import {
  startTestPlatform,
  type GraphQLResponse,
  type TestPlatform,
} from "./harness/test-platform";

// Faults of a deployment: several server processes on one PostgreSQL. Only on a PostgreSQL server:
// PGlite is one session inside one process.
const onPostgres = serverUrl() ? describe : describe.skip;
jest.setTimeout(120_000);

const ADMIN = { sub: "fault-admin", role: Role.ADMIN };

/** Waits (bounded) until `check` holds, asking every 100 ms: for states no event announces, like readiness. */
async function eventually(check: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error("condition not reached in time");
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

onPostgres("fault tolerance (PostgreSQL)", () => {
  let b: TestPlatform;
  beforeEach(async () => {
    b = await startTestPlatform();
    await data(
      b,
      `mutation { routeHouseholds(filter: { wardCodes: ["21550", "21553"] }) { createdCount } }`,
    );
  });
  afterEach(() => b.close());
  const childOnSameDatabase = (port?: number) =>
    startChildServer({ DATABASE_URL: b.database.databaseUrl! }, port);

  it("after a kill -9 during a burst of routings, subscribers get every committed routing's event and none of rolled-back work", async () => {
    let a: ChildServer = await childOnSameDatabase();
    const client = createClient({
      url: a.url,
      token: () => b.tokenFor(ADMIN),
      maxReconnectDelayMs: 200,
    });
    const feed = client.taskUpdated({ wardCode: "21589" }, await latestCursor(b));
    const households = (
      await data<{ households: { edges: { node: { id: string } }[] } }>(
        b,
        `{ households(first: 100, filter: { wardCodes: ["21589"] }) { edges { node { id } } } }`,
      )
    ).households.edges.map((e) => e.node.id);
    const token = await b.tokenFor(ADMIN);
    const route = (id: string) =>
      fetch(a.url, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
        body: JSON.stringify({
          query: `mutation($id: ID!) { routeHousehold(householdId: $id) { createdCount } }`,
          variables: { id },
        }),
      })
        .then((r) => r.json())
        .catch(() => null);
    const burst = households.map((id: string) => route(id));
    await Promise.race([
      Promise.all(burst.slice(0, 5)),
      new Promise((resolve) => setTimeout(resolve, 2000)),
    ]);
    a.process.kill("SIGKILL");
    await a.exited;
    await Promise.all(burst);
    a = await childOnSameDatabase(a.port);

    const wards = await data<{ wards: { id: string; code: string }[] }>(b, `{ wards { id code } }`);
    const wardId = wards.wards.find((w) => w.code === "21589")!.id;
    const committed = (
      await data<{ tasks: { totalCount: number; edges: { node: { id: string } }[] } }>(
        b,
        `query($w: ID!) { tasks(first: 100, filter: { wardIds: [$w] }) { totalCount edges { node { id } } } }`,
        { w: wardId },
      )
    ).tasks;
    expect(committed.totalCount).toBeGreaterThan(0);
    const received: string[] = [];
    while (received.length < committed.totalCount)
      received.push((await feed.next()).value.taskUpdated.task.id);
    expect(new Set(received).size).toBe(received.length);
    expect(new Set(received)).toEqual(new Set(committed.edges.map((e) => e.node.id)));
    // Nothing else is on its way: the next event is a new marker.
    const marker = await commentInWard(b, "21589", "after the crash");
    expect((await feed.next()).value.taskUpdated.event.comment).toBe(marker);
    await feed.close();
    await client.dispose();
    a.process.kill("SIGKILL");
  });

  it("answers SERVICE_UNAVAILABLE while the database is cut off, recovers by itself, listens again and misses no event", async () => {
    const pg = new URL(b.database.databaseUrl!);
    const proxy = await startTcpProxy(Number(pg.port || 5432));
    const viaProxy = withDatabase(
      `postgres://${pg.username}@127.0.0.1:${proxy.port}`,
      pg.pathname.slice(1),
    );
    const a = await startTestPlatform({ DATABASE_URL: viaProxy }, {
      ...b,
      database: { ...b.database, databaseUrl: viaProxy },
    } as TestPlatform);
    const client = createClient({
      url: a.platform.url,
      token: () => b.tokenFor(ADMIN),
      maxReconnectDelayMs: 200,
    });
    try {
      const feed = client.taskUpdated({ wardCode: "21550" }, await latestCursor(b));
      const before = await commentInWard(b, "21550", "before the cut");
      expect((await feed.next()).value.taskUpdated.event.comment).toBe(before);

      proxy.down();
      const refused = await a
        .as({ sub: "during-cut", role: Role.ANALYST })
        .graphql(`{ wards { code } }`);
      expect(refused.status).toBe(503);
      expect(refused.errors![0].extensions).toMatchObject({
        code: "SERVICE_UNAVAILABLE",
        retryable: true,
      });
      // An upload's token is checked before its file is read: a ward this instance has not looked up yet cannot be checked.
      const upload = new FormData();
      upload.append(
        "operations",
        JSON.stringify({
          query: `mutation($f: Upload!) { importHouseholds(file: $f, wardCode: "21553", dryRun: true) { committed } }`,
          variables: { f: null },
        }),
      );
      upload.append("map", JSON.stringify({ 0: ["variables.f"] }));
      upload.append("0", new Blob(["code\n"]), "households.csv");
      const officer = await b.tokenFor({
        sub: "officer-during-cut",
        role: Role.WARD_OFFICER,
        ward: "21553",
      });
      const uploaded = await fetch(a.platform.url, {
        method: "POST",
        headers: { authorization: `Bearer ${officer}`, "apollo-require-preflight": "true" },
        body: upload,
      });
      expect({
        status: uploaded.status,
        code: ((await uploaded.json()) as GraphQLResponse).errors![0].extensions!.code,
      }).toEqual({ status: 503, code: "SERVICE_UNAVAILABLE" });
      const readyDuring = await fetch(new URL("/readyz", a.platform.url));
      expect(readyDuring.status).toBe(503);
      const during = await commentInWard(b, "21550", "while cut off");

      proxy.up();
      await eventually(
        async () => (await fetch(new URL("/readyz", a.platform.url))).status === 200,
      );
      expect(
        (await a.as({ sub: "after-cut", role: Role.ANALYST }).graphql(`{ wards { code } }`)).status,
      ).toBe(200);
      expect((await feed.next()).value.taskUpdated.event.comment).toBe(during);
      const after = await commentInWard(b, "21550", "after the cut");
      expect((await feed.next()).value.taskUpdated.event.comment).toBe(after);
      await feed.close();
    } finally {
      await client.dispose();
      await a.close();
      await proxy.close();
    }
  });

  it("moves the subscribers of a killed instance to the other, resuming from their cursors with no loss and no duplicate", async () => {
    const a = await childOnSameDatabase();
    const balancer = await startTcpProxy(a.port);
    const client = createClient({
      url: `http://127.0.0.1:${balancer.port}/graphql`,
      token: () => b.tokenFor(ADMIN),
      maxReconnectDelayMs: 200,
    });
    const feed = client.taskUpdated({ wardCode: "21553" }, await latestCursor(b));
    const sent = [await commentInWard(b, "21553", "one"), await commentInWard(b, "21553", "two")];
    const received = [
      (await feed.next()).value.taskUpdated.event.comment,
      (await feed.next()).value.taskUpdated.event.comment,
    ];

    a.process.kill("SIGKILL");
    await a.exited;
    balancer.retarget(b.platform.port);
    sent.push(await commentInWard(b, "21553", "three"), await commentInWard(b, "21553", "four"));
    received.push(
      (await feed.next()).value.taskUpdated.event.comment,
      (await feed.next()).value.taskUpdated.event.comment,
    );
    sent.push(await commentInWard(b, "21553", "five"));
    received.push((await feed.next()).value.taskUpdated.event.comment);
    expect(received).toEqual(sent);
    expect(balancer.connections).toBeGreaterThanOrEqual(2);
    await feed.close();
    await client.dispose();
    await balancer.close();
  });
});
