export { TaskEventFeed, type FeedObserver } from "./task-event-feed";
export { TaskSubscriptions } from "./task-subscriptions";
export {
  TaskEventNoticeResolver,
  TaskSubscriptionResolver,
  type SubscriptionContext,
} from "./task-subscription.resolver";
