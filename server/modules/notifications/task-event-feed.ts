import type { DataSource } from "typeorm";
import { DomainError } from "../../shared/errors";
import { AsyncQueue } from "../../shared/async-queue";
import { TaskAssignment, TaskEvent, TaskEventKind, TASK_EVENTS_CHANNEL } from "../tasks";
import {
  START,
  EventCursors,
  hasSeen,
  isAfter,
  parseSnapshot,
  snapshotText,
  unseenAfter,
  type EventPosition,
  type Seen,
  type SnapshotPoint,
} from "./event-position";

/** An event as subscribers receive it: its cursor, the event, and the task as it is at delivery. */
export interface TaskNotice {
  cursor: string;
  position: EventPosition;
  event: TaskEvent;
  task: TaskAssignment;
}

/** An event as read, before its task is (see TaskEventFeed.readTasks). */
type ReadNotice = Omit<TaskNotice, "task"> & { task?: TaskAssignment | null };

/** Which events a subscription wants: an agency's (owned, or also supported) or a ward's. */
export type FeedChannel = { agencyId: string; routedOnly: boolean } | { wardId: string };

const BATCH = 500;
/** A subscriber that falls this far behind is dropped; it resumes from its last cursor. */
const QUEUE_LIMIT = 10_000;
const SAFETY_POLL_MS = 1000;
/** Events held back behind a running transaction are looked for again this soon (a long one should not cost 40 polls a second). */
const HELD_BACK_RETRY_MS = 100;

interface Subscriber {
  channel: FeedChannel;
  queue: AsyncQueue<TaskNotice>;
  /** What the subscriber's cursor has seen: those events are not delivered. */
  seen: Seen;
  /** Deliver live only events after this position (the replay covered the rest). */
  liveAfter: EventPosition;
}

type Listen = (
  channel: string,
  onSignal: () => void,
) => Promise<{ connected(): boolean; stop(): Promise<void> }>;

/** What the feed reports to metrics and logs. */
export interface FeedObserver {
  /** Seconds from an event's commit-time stamp to its delivery to this instance's subscribers. */
  delivered(lagSeconds: number): void;
  failed(error: unknown): void;
}

/**
 * Reads committed task events from the database and hands them to this instance's subscribers.
 * One reader per server instance, whatever the number of subscribers: a NOTIFY (from any instance)
 * wakes it, a slow safety poll catches anything else. It reads only events of transactions older
 * than every transaction still running (the snapshot's xmin), in (transaction, id) order, so an event
 * whose transaction commits late is delivered late but never skipped, and none twice.
 */
export class TaskEventFeed {
  private position: EventPosition = START;
  private readonly byKey = new Map<string, Set<Subscriber>>();
  private polling: Promise<void> | null = null;
  private pollAgain = false;
  private timer: NodeJS.Timeout | null = null;
  private listening: { connected(): boolean; stop(): Promise<void> } | null = null;
  private stopped = false;
  private codec: EventCursors | null = null;

  constructor(
    private readonly db: DataSource,
    private readonly listen: Listen,
    private readonly observer: FeedObserver = {
      delivered: () => undefined,
      failed: () => undefined,
    },
  ) {}

  /** Whether the LISTEN connection is up (readiness). */
  get connected(): boolean {
    return this.listening?.connected() ?? false;
  }

  /** Subscriptions currently served by this instance. */
  get subscriberCount(): number {
    let n = 0;
    for (const set of this.byKey.values()) n += set.size;
    return n;
  }

  /** Starts listening from the newest committed event. */
  async start(): Promise<void> {
    const [identity]: { id: string }[] = await this.db.query(
      `SELECT id::text AS id FROM database_identity`,
    );
    this.codec = new EventCursors(identity.id);
    this.position = await this.readable();
    this.listening = await this.listen(TASK_EVENTS_CHANNEL, () => this.wake());
    this.schedule(SAFETY_POLL_MS);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.listening?.stop();
    await this.polling;
    for (const set of this.byKey.values()) for (const s of set) s.queue.return();
  }

  /** This database's event cursors (once started). */
  get cursors(): EventCursors {
    if (!this.codec) throw new Error("the task event feed has not started");
    return this.codec;
  }

  /** The position of the newest event this instance has delivered: subscribing after it misses nothing that follows. */
  get latest(): EventPosition {
    return this.position;
  }

  /**
   * "Now" as the database has it: the snapshot of a fresh transaction. Subscribing after it delivers
   * every event of a transaction it does not see (committed later, or running when asked) and none
   * it sees. Not `latest`: that trails the database until this instance's next poll. Rejects when
   * the database is out of reach.
   */
  async now(): Promise<SnapshotPoint> {
    const [{ snapshot }]: { snapshot: string }[] = await this.db.query(
      `SELECT pg_current_snapshot()::text AS snapshot`,
    );
    return parseSnapshot(snapshot);
  }

  /** The newest event every reader may read now (see EventPosition), or START. */
  private async readable(): Promise<EventPosition> {
    const [newest]: { tx_id: string; id: string }[] = await this.db.query(
      // Ordered by the columns, not the text output names: xid8 order, and the position index serves it.
      `SELECT e.tx_id::text AS tx_id, e.id::text AS id FROM task_event e
        WHERE e.tx_id < pg_snapshot_xmin(pg_current_snapshot()) ORDER BY e.tx_id DESC, e.id DESC LIMIT 1`,
    );
    return newest ? { txId: BigInt(newest.tx_id), id: BigInt(newest.id) } : START;
  }

  /** Reads and delivers everything committed so far; resolves when done. */
  async catchUp(): Promise<void> {
    while (this.polling) await this.polling;
    this.wake();
    await this.polling;
  }

  /**
   * Every event of the channel after `after` (replayed from the table), then live ones, with no
   * gap and no duplicate. Without `after`, live events only.
   */
  subscribe(channel: FeedChannel, after: Seen | null): AsyncIterableIterator<TaskNotice> {
    const upTo = this.position;
    const key = keyOf(channel);
    const subscriber: Subscriber = {
      channel,
      seen: after ?? upTo,
      liveAfter: upTo,
      queue: new AsyncQueue<TaskNotice>(
        QUEUE_LIMIT,
        () => new DomainError("CONFLICT", "error.subscription.behind"),
        () => this.byKey.get(key)?.delete(subscriber),
      ),
    };
    if (!this.byKey.has(key)) this.byKey.set(key, new Set());
    this.byKey.get(key)!.add(subscriber);
    if (!after || !isAfter(upTo, unseenAfter(after))) return subscriber.queue;
    const replaying = this.replayThenLive(channel, after, upTo, subscriber.queue);
    // A generator returned before its first step never runs its `finally`: unregister here too.
    return {
      next: () => replaying.next(),
      return: async () => {
        await subscriber.queue.return();
        return replaying.return!(undefined);
      },
      [Symbol.asyncIterator]() {
        return this;
      },
    };
  }

  private async *replayThenLive(
    channel: FeedChannel,
    after: Seen,
    upTo: EventPosition,
    live: AsyncQueue<TaskNotice>,
  ): AsyncIterableIterator<TaskNotice> {
    // A snapshot's running transactions are the ones below its xmax whose events it has not seen.
    const [unseen, snapshot] =
      "txId" in after
        ? ["", []]
        : ["AND NOT pg_visible_in_snapshot(e.tx_id, $6::pg_snapshot)", [snapshotText(after)]];
    try {
      let from = unseenAfter(after);
      for (;;) {
        const notices = await this.read(
          `(e.tx_id, e.id) > ($1::xid8, $2::bigint) AND (e.tx_id, e.id) <= ($3::xid8, $4::bigint) ${unseen} AND ${sqlOf(channel, 5)}`,
          [
            String(from.txId),
            String(from.id),
            String(upTo.txId),
            String(upTo.id),
            ...paramsOf(channel),
            ...snapshot,
          ],
        );
        await this.readTasks(notices);
        for (const n of notices) if (n.task) yield n as TaskNotice;
        if (notices.length < BATCH) break;
        from = notices[notices.length - 1].position;
      }
      yield* live;
    } finally {
      await live.return();
    }
  }

  private wake(): void {
    if (this.stopped) return;
    if (this.polling) {
      this.pollAgain = true;
      return;
    }
    this.polling = this.poll()
      .catch((error) => {
        this.observer.failed(error);
        // The database may be away: try again soon rather than at the slow safety interval.
        this.schedule(HELD_BACK_RETRY_MS * 5);
      })
      .finally(() => {
        this.polling = null;
        if (this.pollAgain && !this.stopped) {
          this.pollAgain = false;
          this.wake();
        }
      });
  }

  private async poll(): Promise<void> {
    // With no subscriber here, no event needs reading: the position moves to the newest readable
    // event. One who subscribed while that was asked makes this poll read as usual, so nothing
    // after the position they subscribed at is skipped.
    if (this.subscriberCount === 0) {
      const newest = await this.readable();
      if (this.subscriberCount === 0) {
        if (isAfter(newest, this.position)) this.position = newest;
        return this.scheduleNext();
      }
    }
    for (;;) {
      const notices = await this.read(
        `(e.tx_id, e.id) > ($1::xid8, $2::bigint) AND e.tx_id < pg_snapshot_xmin(pg_current_snapshot())`,
        [String(this.position.txId), String(this.position.id)],
      );
      // Only tasks some subscriber here wants; checked again after every read, with no wait before
      // dispatch, since a subscriber may come while tasks are read.
      const unread = () =>
        notices.filter((n) => n.task === undefined && this.subscribersOf(n).length > 0);
      for (let missing = unread(); missing.length > 0; missing = unread())
        await this.readTasks(missing);
      for (const n of notices) this.dispatch(n);
      if (notices.length < BATCH) break;
    }
    await this.scheduleNext();
  }

  /** Soon while a running transaction holds events back, at the safety interval otherwise. */
  private async scheduleNext(): Promise<void> {
    // The newest event by the position index: an EXISTS over the condition scans the whole table.
    const [{ held }] = await this.db.query(
      `SELECT COALESCE((SELECT e.tx_id FROM task_event e ORDER BY e.tx_id DESC LIMIT 1) >= pg_snapshot_xmin(pg_current_snapshot()), false) AS held`,
    );
    this.schedule(held ? HELD_BACK_RETRY_MS : SAFETY_POLL_MS);
  }

  private dispatch(notice: ReadNotice): void {
    this.position = notice.position;
    this.observer.delivered(Math.max(0, (Date.now() - notice.event.at.getTime()) / 1000));
    if (!notice.task) return;
    for (const s of this.subscribersOf(notice)) s.queue.push(notice as TaskNotice);
  }

  /** The subscribers of this instance that are to receive the event (once each, however many of its keys they follow). */
  private subscribersOf(notice: ReadNotice): Subscriber[] {
    const e = notice.event;
    const keys = [
      `ward:${e.wardId}`,
      ...[e.ownerAgencyId, ...e.supportingAgencyIds, ...e.alsoNotifyAgencyIds].map(
        (a) => `agency:${a}`,
      ),
    ];
    const reached = new Set<Subscriber>();
    for (const key of keys) {
      for (const s of this.byKey.get(key) ?? []) {
        if (
          isAfter(notice.position, s.liveAfter) &&
          !hasSeen(s.seen, notice.position) &&
          wants(s.channel, e)
        )
          reached.add(s);
      }
    }
    return [...reached];
  }

  /**
   * Reads the tasks of the notices, as they are now. A task not found (the foreign key rules it
   * out) is recorded as null, so no caller waits for it.
   */
  private async readTasks(notices: ReadNotice[]): Promise<void> {
    if (notices.length === 0) return;
    const taskIds = [...new Set(notices.map((n) => n.event.taskId))];
    const tasks = new Map(
      (
        await this.db
          .getRepository(TaskAssignment)
          .createQueryBuilder("t")
          .where("t.id = ANY(:taskIds)", { taskIds })
          .getMany()
      ).map((t) => [t.id, t]),
    );
    for (const n of notices) n.task = tasks.get(n.event.taskId) ?? null;
  }

  /** Reads one batch of events matching `where`, in delivery order, without their tasks (see readTasks). */
  private async read(where: string, params: unknown[]): Promise<ReadNotice[]> {
    const rows: (Record<string, unknown> & { tx_id: string; id: string; task_id: string })[] =
      await this.db.query(
        `SELECT e.id::text AS id, e.tx_id::text AS tx_id, e.task_id, e.household_id, e.ward_id, e.owner_agency_id, e.supporting_agency_ids, e.also_notify_agency_ids,
              e.kind, e.actor, e.at, e.before, e.after, e.comment
         FROM task_event e WHERE ${where} ORDER BY e.tx_id, e.id LIMIT ${BATCH}`,
        params,
      );
    return rows.map((r) => {
      const position = { txId: BigInt(r.tx_id), id: BigInt(r.id) };
      const event = this.db.getRepository(TaskEvent).create({
        id: r.id,
        taskId: r.task_id,
        householdId: r.household_id as string,
        wardId: r.ward_id as string,
        ownerAgencyId: r.owner_agency_id as string,
        supportingAgencyIds: r.supporting_agency_ids as string[],
        alsoNotifyAgencyIds: r.also_notify_agency_ids as string[],
        kind: r.kind as TaskEventKind,
        actor: r.actor as string,
        at: new Date(r.at as string | Date),
        before: r.before as Record<string, unknown> | null,
        after: r.after as Record<string, unknown>,
        comment: r.comment as string | null,
      });
      return { cursor: this.cursors.encode(position), position, event };
    });
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => this.wake(), ms);
    this.timer.unref();
  }
}

const keyOf = (c: FeedChannel) => ("wardId" in c ? `ward:${c.wardId}` : `agency:${c.agencyId}`);

function wants(c: FeedChannel, e: TaskEvent): boolean {
  if ("wardId" in c) return e.wardId === c.wardId;
  if (c.routedOnly) return e.kind === TaskEventKind.ROUTED && e.ownerAgencyId === c.agencyId;
  return (
    e.ownerAgencyId === c.agencyId ||
    e.supportingAgencyIds.includes(c.agencyId) ||
    e.alsoNotifyAgencyIds.includes(c.agencyId)
  );
}

function sqlOf(c: FeedChannel, n: number): string {
  if ("wardId" in c) return `e.ward_id = $${n}`;
  if (c.routedOnly) return `e.kind = '${TaskEventKind.ROUTED}' AND e.owner_agency_id = $${n}`;
  return `(e.owner_agency_id = $${n} OR $${n} = ANY(e.supporting_agency_ids) OR $${n} = ANY(e.also_notify_agency_ids))`;
}

const paramsOf = (c: FeedChannel) => ["wardId" in c ? c.wardId : c.agencyId];
