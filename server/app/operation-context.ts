import { randomUUID } from "node:crypto";
import type { SubscriptionContext } from "../modules/notifications";
import { userActor } from "../shared/actor";
import type { Viewer } from "../shared/auth";
import { resolveLanguage } from "../shared/i18n";
import { PersonalDataReads } from "../shared/personal-data";
import { createLoaders } from "./loaders";
import type { Services } from "./services";

/** The context every operation runs with: the shared request context, and what modules add to it (subscriptions' streams). */
export type PlatformContext = SubscriptionContext;

/**
 * Makes an operation's context for `viewer`. `cache`: whether its loaders keep what they read (an
 * HTTP request: yes; a subscription, which lives long: no). `requestedLanguage`: the client's
 * (`Accept-Language`), which the user's own setting overrides once looked up.
 */
export type ContextFor = (
  viewer: Viewer,
  options: { cache: boolean; requestedLanguage?: string },
) => PlatformContext;

export function contextFactory(services: Services): ContextFor {
  return (viewer, { cache, requestedLanguage }) => {
    const actor = userActor(viewer);
    return {
      requestId: randomUUID(),
      viewer,
      language: services.userSettings.languageFor(actor, requestedLanguage),
      requestedLanguage: resolveLanguage(requestedLanguage),
      actor,
      loaders: createLoaders(services, actor, { cache }),
      personalDataReads: new PersonalDataReads(),
      subscriptions: services.taskSubscriptions,
      rateLimit: null,
    };
  };
}
