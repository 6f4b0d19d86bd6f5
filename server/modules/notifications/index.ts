export { TaskEventFeed, type FeedObserver } from "./task-event-feed";
export { TaskSubscriptions } from "./task-subscriptions";
export { TaskEventNoticeResolver, TaskSubscriptionResolver } from "./task-subscription.resolver";
