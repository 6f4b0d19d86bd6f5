import { sessionFromToken, type Session } from "./session";

/** The provider's public client, as the platform serves it at /app/config.json. */
export interface OidcSettings {
  authorizationUrl: string;
  tokenUrl: string;
  clientId: string;
  endSessionUrl?: string;
}

const PENDING = "qn.oidc.pending";
export const callbackUrl = () => `${location.origin}/app/callback`;

const base64url = (bytes: Uint8Array) =>
  btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, "-")
    .replace(/\//g, "_")
    .replace(/=+$/, "");
const randomText = () => base64url(crypto.getRandomValues(new Uint8Array(32)));

/**
 * Sends the browser to the provider (authorization code + PKCE, RFC 7636). The verifier and state
 * wait in this tab's sessionStorage for the callback; only the verifier's SHA-256 leaves the browser.
 */
export async function beginSignIn(oidc: OidcSettings): Promise<void> {
  const verifier = randomText();
  const state = randomText();
  sessionStorage.setItem(PENDING, JSON.stringify({ verifier, state }));
  const challenge = base64url(
    new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(verifier))),
  );
  const url = new URL(oidc.authorizationUrl);
  url.search = new URLSearchParams({
    response_type: "code",
    client_id: oidc.clientId,
    redirect_uri: callbackUrl(),
    scope: "openid",
    state,
    code_challenge: challenge,
    code_challenge_method: "S256",
  }).toString();
  location.assign(url.toString());
}

/** Trades the callback's code for tokens; throws when the state does not match (a forged callback) or the provider refuses. */
export async function completeSignIn(oidc: OidcSettings, callback: URL): Promise<Session> {
  const pending = JSON.parse(sessionStorage.getItem(PENDING) ?? "null") as {
    verifier: string;
    state: string;
  } | null;
  sessionStorage.removeItem(PENDING);
  if (callback.searchParams.get("error"))
    throw new Error(
      callback.searchParams.get("error_description") ?? callback.searchParams.get("error")!,
    );
  if (!pending || callback.searchParams.get("state") !== pending.state)
    throw new Error("state mismatch");
  return tokenRequest(oidc, {
    grant_type: "authorization_code",
    code: callback.searchParams.get("code") ?? "",
    redirect_uri: callbackUrl(),
    code_verifier: pending.verifier,
  });
}

/** A fresh token for the session's refresh token; throws when the provider refuses (the user signs in again). */
export function refreshSession(oidc: OidcSettings, session: Session): Promise<Session> {
  return tokenRequest(oidc, {
    grant_type: "refresh_token",
    refresh_token: session.refreshToken ?? "",
  });
}

async function tokenRequest(oidc: OidcSettings, fields: Record<string, string>): Promise<Session> {
  const res = await fetch(oidc.tokenUrl, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ ...fields, client_id: oidc.clientId }),
  });
  const body = (await res.json()) as {
    access_token?: string;
    refresh_token?: string;
    error?: string;
  };
  const session =
    res.ok && body.access_token
      ? sessionFromToken(body.access_token, "oidc", body.refresh_token)
      : null;
  if (!session) throw new Error(body.error ?? `the provider answered ${res.status}`);
  return session;
}

/** Where to send the browser to end the provider's session too, or null when it has no end-session endpoint. */
export function endSessionUrl(oidc: OidcSettings): string | null {
  if (!oidc.endSessionUrl) return null;
  const url = new URL(oidc.endSessionUrl);
  url.search = new URLSearchParams({
    client_id: oidc.clientId,
    post_logout_redirect_uri: `${location.origin}/app/`,
  }).toString();
  return url.toString();
}
