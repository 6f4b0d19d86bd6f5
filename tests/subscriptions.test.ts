import type { DataSource } from "typeorm";
import { TaskEventFeed } from "../server/modules/notifications/task-event-feed";
import { TaskSubscriptions } from "../server/modules/notifications/task-subscriptions";
import { recordTaskEvents, TaskAssignment, TaskEventKind } from "../server/modules/tasks";
import { systemActor } from "../server/shared/actor";
import { commentInWard, data, householdWith, latestCursor, routeCity } from "./harness/api-helpers";
import {
  TaskCountDocument,
  WardCodesDocument,
  WardTaskUpdatesDocument,
} from "./harness/operations.generated";
import { subscribe, take } from "./harness/subscriptions";
import { serverUrl } from "./harness/test-database";
import { Role } from "../server/shared/auth";
import { startTestPlatform, type TestPlatform } from "./harness/test-platform";

/** A feed of this instance's database that hears no NOTIFY: it reads on its safety poll or `catchUp`. */
const unheardFeed = (db: DataSource) =>
  new TaskEventFeed(db, async () => ({ connected: () => true, stop: async () => undefined }));

let api: TestPlatform;
beforeAll(async () => {
  api = await startTestPlatform();
});
afterAll(() => api.close());

describe("ward subscriptions", () => {
  it("deliver every change to the ward's households' tasks, and nothing of other wards", async () => {
    const nhonBinh = subscribe(api, WardTaskUpdatesDocument, {
      ward: "21550",
      after: await latestCursor(api),
    });
    await routeCity(api);
    const wardTasks = await data(api, WardCodesDocument);
    const wardId = wardTasks.wards.find((w) => w.code === "21550")!.id;
    const routedInWard = (await data(api, TaskCountDocument, { filter: { wardIds: [wardId] } }))
      .tasks.totalCount;

    const routed = await take(nhonBinh, routedInWard);
    expect(
      routed.every(
        (e) => e.taskUpdated.event.kind === "ROUTED" && e.taskUpdated.task!.ward.code === "21550",
      ),
    ).toBe(true);
    expect(new Set(routed.map((e) => e.taskUpdated.event.id)).size).toBe(routedInWard);

    await commentInWard(api, "21553", "in another ward");
    const marker = await commentInWard(api, "21550", "in Nhơn Bình");
    expect((await nhonBinh.next()).taskUpdated.event.comment).toBe(marker);
    await nhonBinh.close();
  });

  it("resume from the last cursor after a dropped connection, missing nothing and repeating nothing", async () => {
    const first = subscribe(api, WardTaskUpdatesDocument, {
      ward: "21589",
      after: await latestCursor(api),
    });
    const a = await commentInWard(api, "21589", "before the drop 1");
    const b = await commentInWard(api, "21589", "before the drop 2");
    const received = await take(first, 2);
    expect(received.map((e) => e.taskUpdated.event.comment)).toEqual([a, b]);
    await first.close();

    const missed = [
      await commentInWard(api, "21589", "while away 1"),
      await commentInWard(api, "21589", "while away 2"),
      await commentInWard(api, "21589", "while away 3"),
    ];
    const resumed = subscribe(api, WardTaskUpdatesDocument, {
      ward: "21589",
      after: received[1].taskUpdated.cursor,
    });
    const replayed = await take(resumed, 3);
    expect(replayed.map((e) => e.taskUpdated.event.comment)).toEqual(missed);
    const live = await commentInWard(api, "21589", "live again");
    expect((await resumed.next()).taskUpdated.event.comment).toBe(live);
    await resumed.close();
  });

  it("start a new instance's feed at the newest event in transaction order, not in the order of its digits", async () => {
    await routeCity(api);
    const ds = api.platform.database.dataSource;
    const [newest] = await ds.query(
      `SELECT tx_id::text AS tx_id, id::text AS id FROM task_event ORDER BY task_event.tx_id DESC, task_event.id DESC LIMIT 1`,
    );
    // An older transaction whose id has fewer digits but sorts after the newest as text ("99" > "1234").
    const older = "9".repeat(newest.tx_id.length - 1);
    const [{ id }] = await ds.query(
      `INSERT INTO task_event (tx_id, task_id, household_id, ward_id, owner_agency_id, supporting_agency_ids, kind, actor, after)
       SELECT $1::xid8, task_id, household_id, ward_id, owner_agency_id, supporting_agency_ids, kind, actor, after FROM task_event LIMIT 1 RETURNING id`,
      [older],
    );
    const feed = unheardFeed(ds);
    try {
      await feed.start();
      expect(feed.latest).toEqual({ txId: BigInt(newest.tx_id), id: BigInt(newest.id) });
    } finally {
      await feed.stop();
      await ds.query(`DELETE FROM task_event WHERE id = $1`, [id]);
    }
  });

  it("give a cursor for now that no event committed before it precedes, even before the feed has read them", async () => {
    const h = await householdWith(api, { wardCodes: ["21607"] });
    const ds = api.platform.database.dataSource;
    const [task] = await ds.getRepository(TaskAssignment).findBy({ householdId: h.id });
    const comment = (text: string) =>
      ds.transaction((tx) =>
        recordTaskEvents(tx, systemActor("test"), [
          { task, kind: TaskEventKind.COMMENTED, before: null, comment: text },
        ]),
      );
    // It polls next a second from now: it has not read what commits now.
    const feed = unheardFeed(ds);
    await feed.start();
    try {
      await comment("committed before the cursor was asked for");
      const cursor = await new TaskSubscriptions(ds, feed).latestCursor(systemActor("test"));
      const live = feed.subscribe({ wardId: task.wardId }, feed.cursors.decode(cursor));
      await comment("committed after");
      await feed.catchUp();
      expect((await live.next()).value.event.comment).toBe("committed after");
      await live.return!();
    } finally {
      await feed.stop();
    }
  });

  it("move an idle feed past events without reading them, yet deliver to one who subscribed meanwhile what came after where they subscribed", async () => {
    await routeCity(api);
    const h = await householdWith(api, { wardCodes: ["21598"] });
    const ds = api.platform.database.dataSource;
    const [task] = await ds.getRepository(TaskAssignment).findBy({ householdId: h.id });
    // The feed's question for its newest readable event waits for `open()` while `held` is set.
    let held: Promise<void> | null = null;
    let asked: () => void = () => undefined;
    const whenAsked = new Promise<void>((resolve) => (asked = resolve));
    const gated = new Proxy(ds, {
      get: (target, property) =>
        property === "query"
          ? async (sql: string, params?: unknown[]) => {
              if (held && sql.includes("ORDER BY e.tx_id DESC, e.id DESC LIMIT 1")) {
                asked();
                await held;
              }
              return target.query(sql, params);
            }
          : Reflect.get(target, property),
    });
    const feed = unheardFeed(gated);
    await feed.start();
    try {
      await ds.transaction((tx) =>
        recordTaskEvents(tx, systemActor("test"), [
          { task, kind: TaskEventKind.COMMENTED, before: null, comment: "while nobody listened" },
        ]),
      );
      let open: () => void = () => undefined;
      held = new Promise<void>((resolve) => (open = resolve));
      const polled = feed.catchUp();
      await whenAsked;
      const live = feed.subscribe({ wardId: task.wardId }, null);
      open();
      await polled;
      expect((await live.next()).value.event.comment).toBe("while nobody listened");
      await live.return!();
    } finally {
      await feed.stop();
    }
  });

  it("refuse bad arguments with a clear code", async () => {
    const cases: [string, Record<string, unknown>, string][] = [
      [`subscription { taskUpdated { cursor } }`, {}, "BAD_USER_INPUT"],
      [
        `subscription { taskUpdated(wardCode: "21550", agencyCode: "LABOUR") { cursor } }`,
        {},
        "BAD_USER_INPUT",
      ],
      [`subscription { taskUpdated(agencyCode: "NOBODY") { cursor } }`, {}, "NOT_FOUND"],
      [
        `subscription { taskRouted(agencyCode: "LABOUR", after: "forged") { cursor } }`,
        {},
        "BAD_USER_INPUT",
      ],
    ];
    for (const [query, variables, code] of cases) {
      const s = subscribe(api, query, variables);
      await expect(s.next()).rejects.toMatchObject({
        errors: [expect.objectContaining({ extensions: expect.objectContaining({ code }) })],
      });
      await s.close();
    }
  });

  it("refuse a document that does not parse or validate with the code HTTP gives it, not as an unexpected error", async () => {
    const logged = jest.spyOn(api.platform.logger, "error");
    try {
      for (const [query, code] of [
        [
          `subscription { taskUpdated(wardCode: "21607") { cursor noSuchField } }`,
          "GRAPHQL_VALIDATION_FAILED",
        ],
        [`subscription { taskUpdated(wardCode: "21607") { cursor `, "GRAPHQL_PARSE_FAILED"],
      ]) {
        expect((await api.graphql(query)).errors![0].extensions!.code).toBe(code);
        const s = subscribe(api, query);
        await expect(s.next()).rejects.toMatchObject({
          errors: [expect.objectContaining({ extensions: expect.objectContaining({ code }) })],
        });
        await s.close();
      }
      expect(logged).not.toHaveBeenCalled();
    } finally {
      logged.mockRestore();
    }
  });
});

// Several instances and concurrent transactions exist only on a PostgreSQL server: PGlite is one
// session inside one process, where transactions cannot overlap.
const onPostgres = serverUrl() ? describe : describe.skip;

onPostgres("events across transactions and instances (PostgreSQL)", () => {
  it("delivers exactly once, in order, an event whose transaction holds the lower id but commits last", async () => {
    await routeCity(api);
    const h = await householdWith(api, { wardCodes: ["21607"] });
    const [task] = await api.platform.database.dataSource
      .getRepository(TaskAssignment)
      .findBy({ householdId: h.id });
    const feed = subscribe(api, WardTaskUpdatesDocument, {
      ward: "21607",
      after: await latestCursor(api),
    });

    const ds = api.platform.database.dataSource;
    const early = ds.createQueryRunner();
    const late = ds.createQueryRunner();
    await early.startTransaction();
    await late.startTransaction();
    const event = (comment: string) => ({
      task,
      kind: TaskEventKind.COMMENTED,
      before: null,
      comment,
    });
    await recordTaskEvents(early.manager, systemActor("test"), [event("lower id, commits last")]);
    await recordTaskEvents(late.manager, systemActor("test"), [event("higher id, commits first")]);
    await late.commitTransaction();
    // A reader that advanced past the committed higher id now would skip the lower one forever.
    await api.platform.feed.catchUp();
    await early.commitTransaction();
    await Promise.all([early.release(), late.release()]);

    const received = await take(feed, 2);
    const ids = received.map((e) => Number(e.taskUpdated.event.id));
    expect(received.map((e) => e.taskUpdated.event.comment)).toEqual([
      "lower id, commits last",
      "higher id, commits first",
    ]);
    expect(ids[0]).toBeLessThan(ids[1]);
    const marker = await commentInWard(api, "21607", "after both");
    expect((await feed.next()).taskUpdated.event.comment).toBe(marker);
    await feed.close();
  });

  it("give a cursor for now that, with an older transaction still running, brings its events when it commits and none of a younger one's committed before", async () => {
    const h = await householdWith(api, { wardCodes: ["21589"] });
    const ds = api.platform.database.dataSource;
    const [task] = await ds.getRepository(TaskAssignment).findBy({ householdId: h.id });
    const event = (comment: string) => ({
      task,
      kind: TaskEventKind.COMMENTED,
      before: null,
      comment,
    });
    const older = ds.createQueryRunner();
    const younger = ds.createQueryRunner();
    await older.startTransaction();
    await younger.startTransaction();
    await recordTaskEvents(older.manager, systemActor("test"), [event("running at the cursor")]);
    await recordTaskEvents(younger.manager, systemActor("test"), [event("committed before")]);
    await younger.commitTransaction();
    const after = await latestCursor(api);
    await older.commitTransaction();
    await Promise.all([older.release(), younger.release()]);

    const feed = subscribe(api, WardTaskUpdatesDocument, { ward: "21589", after });
    expect((await feed.next()).taskUpdated.event.comment).toBe("running at the cursor");
    const marker = await commentInWard(api, "21589", "after the cursor");
    expect((await feed.next()).taskUpdated.event.comment).toBe(marker);
    await feed.close();
  });

  it("sends nothing for rolled-back work", async () => {
    const h = await householdWith(api, { wardCodes: ["21604"] });
    const [task] = await api.platform.database.dataSource
      .getRepository(TaskAssignment)
      .findBy({ householdId: h.id });
    const feed = subscribe(api, WardTaskUpdatesDocument, {
      ward: "21604",
      after: await latestCursor(api),
    });
    const runner = api.platform.database.dataSource.createQueryRunner();
    await runner.startTransaction();
    await recordTaskEvents(runner.manager, systemActor("test"), [
      { task, kind: TaskEventKind.COMMENTED, before: null, comment: "rolled back" },
    ]);
    await runner.rollbackTransaction();
    await runner.release();
    const marker = await commentInWard(api, "21604", "committed");
    expect((await feed.next()).taskUpdated.event.comment).toBe(marker);
    await feed.close();
  });

  it("starts a subscription without `after` where the feed stood as it arrived: what happens while it is set up is not lost", async () => {
    await routeCity(api);
    const h = await householdWith(api, { wardCodes: ["21607"] });
    const [task] = await api.platform.database.dataSource
      .getRepository(TaskAssignment)
      .findBy({ householdId: h.id });
    // Request counts are locked (by a transaction that writes nothing, so the feed is not held back by
    // it): the subscription waits in its rate check, as a slow one would.
    const ds = api.platform.database.dataSource;
    const lock = ds.createQueryRunner();
    await lock.startTransaction();
    await lock.query(`LOCK TABLE request_rate IN EXCLUSIVE MODE`);
    const feed = subscribe(
      api,
      WardTaskUpdatesDocument,
      { ward: "21607" },
      { token: api.tokenFor({ sub: "arrival-officer", role: Role.WARD_OFFICER, ward: "21607" }) },
    );
    const waiting = async () =>
      Number(
        (
          await ds.query(
            `SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE '%request_rate%'`,
          )
        )[0].n,
      ) > 0;
    while (!(await waiting())) await new Promise((resolve) => setImmediate(resolve));

    const during = "while the subscription was being set up";
    await ds.transaction((tx) =>
      recordTaskEvents(tx, systemActor("test"), [
        { task, kind: TaskEventKind.COMMENTED, before: null, comment: during },
      ]),
    );
    await api.platform.feed.catchUp();
    await lock.commitTransaction();
    await lock.release();
    const after = await commentInWard(api, "21607", "once it was live");
    expect((await take(feed, 2)).map((e) => e.taskUpdated.event.comment)).toEqual([during, after]);
    await feed.close();
  });

  it("delivers to a subscriber on one instance what a mutation on another caused", async () => {
    const second = await startTestPlatform({}, api);
    try {
      const onFirst = subscribe(api, WardTaskUpdatesDocument, {
        ward: "21598",
        after: await latestCursor(api),
      });
      const marker = await commentInWard(second, "21598", "made on the second instance");
      expect((await onFirst.next()).taskUpdated.event.comment).toBe(marker);

      const onSecond = subscribe(second, WardTaskUpdatesDocument, {
        ward: "21598",
        after: await latestCursor(second),
      });
      const back = await commentInWard(api, "21598", "made on the first instance");
      expect((await onSecond.next()).taskUpdated.event.comment).toBe(back);
      expect((await onFirst.next()).taskUpdated.event.comment).toBe(back);
      await Promise.all([onFirst.close(), onSecond.close()]);
    } finally {
      await second.close();
    }
  });
});
