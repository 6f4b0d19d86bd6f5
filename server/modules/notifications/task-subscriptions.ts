import type { DataSource } from "typeorm";
import { badInput, notFound } from "../../shared/errors";
import { decodeEventCursor, encodeEventCursor } from "./event-position";
import type { FeedChannel, TaskEventFeed, TaskNotice } from "./task-event-feed";

/** Turns subscription arguments into a feed subscription. */
export class TaskSubscriptions {
  constructor(
    private readonly db: DataSource,
    private readonly feed: TaskEventFeed,
  ) {}

  /** A cursor for "now": subscribing with it as `after` delivers every later event. */
  latestCursor(): string {
    return encodeEventCursor(this.feed.latest);
  }

  /**
   * The events of one agency (owned tasks; only new ones when `routedOnly`) or one ward, after the
   * cursor if given. Throws BAD_USER_INPUT unless exactly one of agencyCode, wardCode is given or for a
   * bad cursor, NOT_FOUND for an unknown agency or ward.
   */
  async taskEvents(args: { agencyCode?: string; wardCode?: string; after?: string }, routedOnly: boolean): Promise<AsyncIterableIterator<TaskNotice>> {
    const after = args.after ? decodeEventCursor(args.after) : null;
    if (Boolean(args.agencyCode) === Boolean(args.wardCode)) throw badInput("give exactly one of agencyCode, wardCode");
    return this.feed.subscribe(await this.channel(args, routedOnly), after);
  }

  private async channel(args: { agencyCode?: string; wardCode?: string }, routedOnly: boolean): Promise<FeedChannel> {
    if (args.agencyCode) {
      const [agency]: { id: string }[] = await this.db.query(`SELECT id FROM agency WHERE code = $1`, [args.agencyCode]);
      if (!agency) throw notFound(`agency ${args.agencyCode}`);
      return { agencyId: agency.id, routedOnly };
    }
    const [ward]: { id: string }[] = await this.db.query(
      `SELECT id FROM ward WHERE code = $1 AND (valid_from IS NULL OR valid_from <= current_date) AND (valid_until IS NULL OR valid_until > current_date)`,
      [args.wardCode],
    );
    if (!ward) throw notFound(`ward ${args.wardCode}`);
    return { wardId: ward.id };
  }
}
