import type { DataSource } from "typeorm";
import { Role, requireAllowed, requireScope, type Viewer } from "../../shared/auth";
import type { Actor } from "../../shared/actor";
import { badInput, notFound } from "../../shared/errors";
import { wardValidOnSql } from "../../shared/ward-validity.sql";
import type { FeedChannel, TaskEventFeed, TaskNotice } from "./task-event-feed";

/** Turns subscription arguments into a feed subscription. */
export class TaskSubscriptions {
  constructor(
    private readonly db: DataSource,
    private readonly feed: TaskEventFeed,
  ) {}

  /**
   * A cursor for "now", read from the database (see TaskEventFeed.now): subscribing with it as
   * `after` delivers every later event and none committed before it was asked for. Rejects when the
   * database is out of reach.
   */
  async latestCursor(_actor: Actor): Promise<string> {
    return this.feed.cursors.encode(await this.feed.now());
  }

  /**
   * The events of one agency (owned tasks; only new ones when `routedOnly`) or one ward, after the
   * cursor if given. Throws FORBIDDEN when the viewer's role may not use `operation` or the channel is
   * another agency's or ward's, BAD_USER_INPUT unless exactly one of agencyCode, wardCode is given or
   * for a bad cursor, FOREIGN_CURSOR for another database's cursor, NOT_FOUND for an unknown agency or ward.
   */
  async taskEvents(
    { viewer }: Actor,
    operation: string,
    args: { agencyCode?: string; wardCode?: string; after?: string },
    routedOnly: boolean,
  ): Promise<AsyncIterableIterator<TaskNotice>> {
    requireAllowed(viewer, operation);
    const after = args.after ? this.feed.cursors.decode(args.after) : null;
    if (Boolean(args.agencyCode) === Boolean(args.wardCode))
      throw badInput("error.subscription.oneChannel");
    const channel = await this.channel(args, routedOnly);
    requireScope(mayFollow(viewer, channel), "error.scope.followOwnTasks");
    return this.feed.subscribe(channel, after);
  }

  private async channel(
    args: { agencyCode?: string; wardCode?: string },
    routedOnly: boolean,
  ): Promise<FeedChannel> {
    if (args.agencyCode) {
      const [agency]: { id: string }[] = await this.db.query(
        `SELECT id FROM agency WHERE code = $1`,
        [args.agencyCode],
      );
      if (!agency) throw notFound("error.notFound.agency", { code: args.agencyCode });
      return { agencyId: agency.id, routedOnly };
    }
    const [ward]: { id: string }[] = await this.db.query(
      `SELECT id FROM ward WHERE code = $1 AND ${wardValidOnSql(null, "current_date")}`,
      [args.wardCode],
    );
    if (!ward) throw notFound("error.notFound.ward", { code: String(args.wardCode) });
    return { wardId: ward.id };
  }
}

function mayFollow(viewer: Viewer, channel: FeedChannel): boolean {
  switch (viewer.role) {
    case Role.ADMIN:
    case Role.MONITOR:
      return true;
    case Role.AGENCY_STAFF:
      return "agencyId" in channel && channel.agencyId === viewer.agencyId;
    case Role.WARD_OFFICER:
      return "wardId" in channel && channel.wardId === viewer.wardId;
    case Role.ANALYST:
      return false;
  }
}
