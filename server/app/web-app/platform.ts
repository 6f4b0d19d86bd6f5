import { createContext, useContext, useEffect, useState } from "react";
import {
  createClient,
  GraphQLRequestError,
  type PlatformClient,
} from "../../../client-sdk/src/browser";
import type { Formats, MessageKey } from "./i18n";
import { refreshSession, type OidcSettings } from "./oidc";
import { saveSession, type Session } from "./session";

/** What the platform tells the app at /app/config.json. */
export interface AppConfig {
  oidc: OidcSettings | null;
  /** Development only: the demo identities one may sign in as; `scopeName` names their agency or ward when the platform knows it. */
  demoIdentities: {
    sub: string;
    role: Session["role"];
    ward?: string;
    agency?: string;
    scopeName?: string;
  }[];
}

/** A token this close to its expiry is refreshed before it is used. */
const REFRESH_MARGIN_MS = 60_000;

/**
 * The SDK client for a session, speaking the user's language. An OIDC session's token is refreshed
 * shortly before it expires; `onSession` hears of the new one (or of null when the provider refuses).
 */
export function clientFor(
  session: Session,
  language: string,
  oidc: OidcSettings | null,
  onSession: (s: Session | null) => void,
): PlatformClient {
  let current = session;
  // Requests made together share one refresh: a refresh token may be good for one use only.
  let refreshing: Promise<void> | null = null;
  const refresh = async (provider: OidcSettings) => {
    try {
      current = await refreshSession(provider, current);
      saveSession(current);
      onSession(current);
    } catch {
      onSession(null);
    }
  };
  const token = async () => {
    if (oidc && current.refreshToken && current.expiresAt - Date.now() < REFRESH_MARGIN_MS)
      await (refreshing ??= refresh(oidc).finally(() => (refreshing = null)));
    return current.token;
  };
  return createClient({ url: `${location.origin}/graphql`, token, language });
}

export interface AppState {
  session: Session;
  client: PlatformClient;
  config: AppConfig;
}
export const AppContext = createContext<AppState | null>(null);
export const useApp = () => useContext(AppContext)!;

/** The error as the user reads it: our text for its code, and the server's own (localised) message beneath. */
export function describeError(
  f: Formats,
  error: unknown,
): { title: string; detail?: string; code: string } {
  if (error instanceof GraphQLRequestError) {
    const code = error.code ?? "OTHER";
    const key = `error.${code}` as MessageKey;
    return {
      code,
      title: f.t(key in f.catalogue ? key : "error.OTHER"),
      detail: error.errors[0]?.message,
    };
  }
  return {
    code: "NETWORK",
    title: f.t("error.NETWORK"),
    detail: error instanceof Error ? error.message : undefined,
  };
}

/**
 * Runs a query when its inputs change, and again with a new client (another language: the server's
 * texts change with it); `reload` runs it again.
 */
export function useQuery<T>(
  run: () => Promise<T>,
  inputs: unknown[],
): { data: T | null; error: unknown; loading: boolean; reload: () => void } {
  const client = useContext(AppContext)?.client;
  const [state, setState] = useState<{ data: T | null; error: unknown; loading: boolean }>({
    data: null,
    error: null,
    loading: true,
  });
  const [round, setRound] = useState(0);
  useEffect(() => {
    let live = true;
    setState((s) => ({ ...s, loading: true }));
    run().then(
      (data) => live && setState({ data, error: null, loading: false }),
      (error) => live && setState({ data: null, error, loading: false }),
    );
    return () => {
      live = false;
    };
  }, [...inputs, round, client]);
  return { ...state, reload: () => setRound((r) => r + 1) };
}

interface Page<N> {
  totalCount: number;
  edges: { node: N }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

/**
 * A connection read page by page (the API gives at most 100 a page): `more` reads one page more;
 * a reload reads again as many pages as are shown.
 */
export function usePages<N>(
  fetchPage: (after: string | null) => Promise<Page<N>>,
  inputs: unknown[],
) {
  const [pages, setPages] = useState(1);
  const query = useQuery(async () => {
    const nodes: N[] = [];
    let page: Page<N> | null = null;
    for (let i = 0; i < pages && (!page || page.pageInfo.hasNextPage); i++) {
      page = await fetchPage(page?.pageInfo.endCursor ?? null);
      nodes.push(...page.edges.map((e) => e.node));
    }
    return { nodes, totalCount: page!.totalCount, hasNextPage: page!.pageInfo.hasNextPage };
  }, [...inputs, pages]);
  return { ...query, more: () => setPages((n) => n + 1) };
}
