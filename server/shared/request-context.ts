import type { Loaders } from "../app/loaders";

/** What every resolver and service call knows of the request it serves. */
export interface RequestContext {
  requestId: string;
  /** Per-request DataLoaders, so each relation costs one query per page, not one per row. */
  loaders: Loaders;
}
