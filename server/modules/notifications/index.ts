export { TaskEventFeed, type FeedObserver } from "./task-event-feed";
export { TaskSubscriptions } from "./task-subscriptions";
export { TaskSubscriptionResolver } from "./task-subscription.resolver";
