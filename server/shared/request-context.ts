import type { Actor } from "./actor";
import type { Viewer } from "./auth";
import type { Language } from "./i18n";
import type { PersonalDataReads } from "./personal-data";

/** A user's cost budget for the current window, after the request being served was charged. */
export interface RateLimitState {
  /** What this request cost. */
  cost: number;
  /** Points per window. */
  limit: number;
  /** Points spent in the window so far, this request included. */
  used: number;
  remaining: number;
  /** When the window ends and the budget is whole again. */
  resetAt: Date;
}

/**
 * The request's DataLoaders, by name. Empty here: the loaders are made from the modules' services,
 * which shared/ must not know, so `app/loaders.ts` — which makes them — completes this interface by
 * declaration merging. Resolvers read `ctx.loaders.ward` fully typed; no import points outward.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- completed by app/loaders.ts
export interface RequestLoaders {}

/**
 * What every resolver and service call knows of the request it serves. A module needing more of the
 * request (notifications: where subscriptions get their streams) declares its own extension of it,
 * and the app, which builds the context, satisfies both.
 */
export interface RequestContext {
  requestId: string;
  /** Who is asking, established from a verified token. */
  viewer: Viewer;
  /**
   * The language the person reads (looked up once, when first asked for), for error messages and import reports: their own setting, else
   * `Accept-Language` (WebSocket: the `language` of `connection_init`), else English (see `resolveLanguage`).
   */
  language: () => Promise<Language>;
  /** The language the client asked for (`Accept-Language`, `connection_init`'s `language`), without the user's setting: for refusals before the operation runs, which reach no database. */
  requestedLanguage: Language;
  /** The viewer as the actor every service call takes first. */
  actor: Actor;
  /** Per-request DataLoaders, so each relation costs one query per page, not one per row. */
  loaders: RequestLoaders;
  /** Personal data this request read, written to the access log when it ends. */
  personalDataReads: PersonalDataReads;
  /** The viewer's cost budget once the operation was charged (null before, and for events of a subscription). */
  rateLimit: RateLimitState | null;
  /** For a subscription: the event cursor as it arrived, where one without `after` starts. */
  arrivedAt?: string;
}
