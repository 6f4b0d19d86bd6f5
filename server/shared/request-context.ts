import type { Loaders } from "../app/loaders";
import type { TaskSubscriptions } from "../modules/notifications";
import type { Viewer } from "./auth";
import type { PersonalDataReads } from "./personal-data";

/** What every resolver and service call knows of the request it serves. */
export interface RequestContext {
  requestId: string;
  /** Who is asking, established from a verified token. */
  viewer: Viewer;
  /** The viewer's user id, as task history records it. */
  actor: string;
  /** Per-request DataLoaders, so each relation costs one query per page, not one per row. */
  loaders: Loaders;
  /** Personal data this request read, written to the access log when it ends. */
  personalDataReads: PersonalDataReads;
  /** Where subscriptions get their event streams. */
  subscriptions: TaskSubscriptions;
  /** For a subscription: the event cursor as it arrived, where one without `after` starts. */
  arrivedAt?: string;
}
