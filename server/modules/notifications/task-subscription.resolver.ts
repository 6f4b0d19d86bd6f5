import {
  Arg,
  Ctx,
  Field,
  FieldResolver,
  ObjectType,
  Query,
  Resolver,
  Root,
  Subscription,
  type SubscribeResolverData,
} from "type-graphql";
import { ALL_ROLES, Allow, Role } from "../../shared/auth";
import { Cost } from "../../shared/cost";
import type { RequestContext } from "../../shared/request-context";
import { maySee, TaskAssignment, TaskEvent } from "../tasks";
import type { TaskNotice } from "./task-event-feed";
import type { TaskSubscriptions } from "./task-subscriptions";

/**
 * The request context as subscriptions need it: with where their event streams come from. A
 * subscription's `subscribe` is declared with the class, before any instance exists, so it cannot
 * take the streams by constructor as resolvers take their services; the app puts them in every context.
 */
export interface SubscriptionContext extends RequestContext {
  subscriptions: TaskSubscriptions;
}

@ObjectType({ description: "A change of a task, delivered to a subscriber." })
export class TaskEventNotice {
  @Field({
    description:
      "Pass it as `after` when subscribing again to receive every later event, none twice.",
  })
  cursor!: string;

  @Field(() => TaskEvent)
  event!: TaskEvent;

  task!: TaskAssignment;
}

@Resolver(() => TaskEventNotice)
export class TaskEventNoticeResolver {
  // The event brought the task along: no database.
  @Cost(0)
  @FieldResolver(() => TaskAssignment, {
    nullable: true,
    description:
      "The task as it is now, with its household; null once it has left your scope (e.g. a declined task the secretariat re-routed).",
  })
  task(@Root() notice: TaskNotice, @Ctx() ctx: RequestContext): TaskAssignment | null {
    return maySee(ctx.viewer, notice.task) ? notice.task : null;
  }
}

type SubscriptionArgs = { agencyCode?: string; wardCode?: string; after?: string };

const subscribeTo =
  (routedOnly: boolean) =>
  ({
    args,
    context,
    info,
  }: SubscribeResolverData<unknown, SubscriptionArgs, SubscriptionContext>) =>
    context.subscriptions.taskEvents(
      context.actor,
      info.fieldName,
      { ...args, after: args.after ?? context.arrivedAt },
      routedOnly,
    );

@Resolver()
export class TaskSubscriptionResolver {
  @Allow(...ALL_ROLES)
  @Cost(10)
  @Query(() => String, {
    description:
      "A cursor for the present: subscribe with it as `after` to receive every task event from now on, even those committed while the subscription is being set up.",
  })
  latestTaskEventCursor(@Ctx() ctx: SubscriptionContext): Promise<string> {
    return ctx.subscriptions.latestCursor(ctx.actor);
  }

  @Allow(Role.ADMIN, Role.AGENCY_STAFF, Role.MONITOR)
  @Cost(50)
  @Subscription(() => TaskEventNotice, {
    subscribe: subscribeTo(true),
    description: "Households routed to this agency: one event per new task it owns.",
  })
  taskRouted(
    @Root() notice: TaskNotice,
    @Arg("agencyCode") _agencyCode: string,
    @Arg("after", () => String, {
      nullable: true,
      description: "Replay every event after this cursor first.",
    })
    _after?: string,
  ): TaskEventNotice {
    return notice;
  }

  @Allow(Role.ADMIN, Role.AGENCY_STAFF, Role.WARD_OFFICER, Role.MONITOR)
  @Cost(50)
  @Subscription(() => TaskEventNotice, {
    subscribe: subscribeTo(false),
    description:
      "Every change to tasks of this ward's households, or of tasks this agency owns or supports. Give exactly one of wardCode, agencyCode.",
  })
  taskUpdated(
    @Root() notice: TaskNotice,
    @Arg("wardCode", () => String, { nullable: true }) _wardCode?: string,
    @Arg("agencyCode", () => String, { nullable: true }) _agencyCode?: string,
    @Arg("after", () => String, {
      nullable: true,
      description: "Replay every event after this cursor first.",
    })
    _after?: string,
  ): TaskEventNotice {
    return notice;
  }
}
