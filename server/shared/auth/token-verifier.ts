import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { createRemoteJWKSet, jwtVerify, SignJWT, type JWTPayload } from "jose";
import type { AuthConfig } from "../../config/config";
import { DomainError } from "../errors";

export type VerifyToken = (token: string) => Promise<JWTPayload>;

/** How far apart the signer's clock and ours may be, in seconds: enough for NTP-kept servers, not more. */
const CLOCK_SKEW_SECONDS = 30;

/**
 * A verifier for the configured keys: HS256 with a secret (or the development key), or RS256/ES256
 * from a JWKS URL, checking issuer and audience when configured. It rejects (with jose's error)
 * on a bad signature, a wrong algorithm, issuer or audience, or an expired token; and with
 * UNAUTHENTICATED a token without `exp` or living longer than `auth.maxTokenLifetimeSeconds`.
 */
export function createTokenVerifier(auth: AuthConfig): VerifyToken {
  const options = { clockTolerance: CLOCK_SKEW_SECONDS };
  if (auth.kind === "jwks") {
    const keys = createRemoteJWKSet(new URL(auth.jwksUrl));
    return async (token) =>
      withinLifetime(
        (
          await jwtVerify(token, keys, {
            ...options,
            issuer: auth.issuer,
            audience: auth.audience,
            algorithms: ["RS256", "ES256"],
          })
        ).payload,
        auth,
      );
  }
  const key = symmetricKey(auth);
  const checks = auth.kind === "secret" ? { issuer: auth.issuer, audience: auth.audience } : {};
  return async (token) =>
    withinLifetime(
      (await jwtVerify(token, key, { ...options, ...checks, algorithms: ["HS256"] })).payload,
      auth,
    );
}

/**
 * The claims, if the token expires and lives no longer than allowed: a stolen token that never
 * expires is a key for ever. Lifetime counts from `iat` (which may not lie in the future) and from now.
 */
function withinLifetime(claims: JWTPayload, auth: AuthConfig): JWTPayload {
  const hours = auth.maxTokenLifetimeSeconds / 3600;
  if (typeof claims.exp !== "number")
    throw new DomainError("UNAUTHENTICATED", "error.auth.noExpiry");
  const now = Date.now() / 1000;
  const since = Math.min(now, typeof claims.iat === "number" ? claims.iat : now);
  if (typeof claims.iat === "number" && claims.iat > now + CLOCK_SKEW_SECONDS)
    throw new DomainError("UNAUTHENTICATED", "error.auth.issuedInFuture");
  if (claims.exp - since > auth.maxTokenLifetimeSeconds + CLOCK_SKEW_SECONDS) {
    throw new DomainError("UNAUTHENTICATED", "error.auth.tooLong", { hours });
  }
  return claims;
}

export interface TokenClaims {
  sub: string;
  role: string;
  agency?: string;
  ward?: string;
}

/**
 * Signs a token with the secret or development key (not possible with a JWKS provider), valid for
 * `hours` (default and most: the configured lifetime). Throws when asked for a longer life.
 */
export async function signToken(
  auth: AuthConfig,
  claims: TokenClaims,
  hours = auth.maxTokenLifetimeSeconds / 3600,
): Promise<string> {
  if (auth.kind === "jwks")
    throw new Error("tokens come from the identity provider when JWKS_URL is set");
  if (hours * 3600 > auth.maxTokenLifetimeSeconds)
    throw new Error(
      `a token may live at most ${auth.maxTokenLifetimeSeconds / 3600} hours (TOKEN_MAX_LIFETIME_HOURS)`,
    );
  let jwt = new SignJWT({ role: claims.role, agency: claims.agency, ward: claims.ward })
    .setProtectedHeader({ alg: "HS256" })
    .setSubject(claims.sub)
    .setIssuedAt()
    .setExpirationTime(`${Math.floor(hours * 3600)}s`);
  if (auth.kind === "secret" && auth.issuer) jwt = jwt.setIssuer(auth.issuer);
  if (auth.kind === "secret" && auth.audience) jwt = jwt.setAudience(auth.audience);
  return jwt.sign(symmetricKey(auth));
}

function symmetricKey(auth: Exclude<AuthConfig, { kind: "jwks" }>): Uint8Array {
  return new TextEncoder().encode(
    auth.kind === "secret" ? auth.secret : developmentKey(auth.keyFile),
  );
}

/** The development key, created on first use; it never leaves the machine. */
function developmentKey(file: string): string {
  if (!existsSync(file)) {
    mkdirSync(dirname(file), { recursive: true });
    try {
      writeFileSync(file, randomBytes(32).toString("base64url"), { mode: 0o600, flag: "wx" });
    } catch (error) {
      // Another process created it first: use theirs.
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
  }
  return readFileSync(file, "utf8").trim();
}
