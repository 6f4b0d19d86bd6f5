/** Who is signed in, from the token's claims: only to choose pages; the server checks every request itself. */
export interface Session {
  token: string;
  /** OIDC only: exchanged for a fresh token shortly before this one expires. */
  refreshToken?: string;
  /** Epoch ms. */
  expiresAt: number;
  sub: string;
  role: "ADMIN" | "AGENCY_STAFF" | "WARD_OFFICER" | "ANALYST" | "MONITOR";
  ward?: string;
  agency?: string;
  via: "oidc" | "demo" | "token";
}

/**
 * The session lives in memory and in this tab's sessionStorage, never in localStorage or a cookie.
 * Both storages are this origin's alone, but localStorage outlives the tab and is shared with every
 * page of the origin (GraphiQL keeps its own state there), and a cookie would travel with requests
 * other sites make; sessionStorage ends with the tab and survives only its reloads.
 */
const KEY = "qn.session";

/** The claims of a JWT (not verified: the server does that); null when the text is no JWT. */
export function sessionFromToken(
  token: string,
  via: Session["via"],
  refreshToken?: string,
): Session | null {
  try {
    const claims = JSON.parse(
      atob(token.split(".")[1].replace(/-/g, "+").replace(/_/g, "/")),
    ) as Record<string, unknown>;
    if (typeof claims.role !== "string" || typeof claims.sub !== "string") return null;
    return {
      token,
      refreshToken,
      expiresAt: typeof claims.exp === "number" ? claims.exp * 1000 : Date.now() + 3600_000,
      sub: claims.sub,
      role: claims.role as Session["role"],
      ward: typeof claims.ward === "string" ? claims.ward : undefined,
      agency: typeof claims.agency === "string" ? claims.agency : undefined,
      via,
    };
  } catch {
    return null;
  }
}

export function loadSession(): Session | null {
  const text = sessionStorage.getItem(KEY);
  const session = text ? (JSON.parse(text) as Session) : null;
  return session && (session.expiresAt > Date.now() || session.refreshToken) ? session : null;
}

export function saveSession(session: Session | null): void {
  if (session) sessionStorage.setItem(KEY, JSON.stringify(session));
  else sessionStorage.removeItem(KEY);
}
