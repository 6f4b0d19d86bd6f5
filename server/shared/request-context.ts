import type { Loaders } from "../app/loaders";
import type { TaskSubscriptions } from "../modules/notifications";

/** What every resolver and service call knows of the request it serves. */
export interface RequestContext {
  requestId: string;
  /** Who is asking, as recorded in task history. */
  actor: string;
  /** Per-request DataLoaders, so each relation costs one query per page, not one per row. */
  loaders: Loaders;
  /** Where subscriptions get their event streams. */
  subscriptions: TaskSubscriptions;
}
