import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { createRemoteJWKSet, jwtVerify, SignJWT, type JWTPayload } from "jose";
import type { AuthConfig } from "../../config/config";

export type VerifyToken = (token: string) => Promise<JWTPayload>;

/**
 * A verifier for the configured keys: HS256 with a secret (or the development key), or RS256/ES256
 * from a JWKS URL, checking issuer and audience when configured. It rejects (with jose's error)
 * on a bad signature, a wrong algorithm, issuer or audience, or an expired token.
 */
export function createTokenVerifier(auth: AuthConfig): VerifyToken {
  if (auth.kind === "jwks") {
    const keys = createRemoteJWKSet(new URL(auth.jwksUrl));
    return async (token) => (await jwtVerify(token, keys, { issuer: auth.issuer, audience: auth.audience, algorithms: ["RS256", "ES256"] })).payload;
  }
  const key = symmetricKey(auth);
  const checks = auth.kind === "secret" ? { issuer: auth.issuer, audience: auth.audience } : {};
  return async (token) => (await jwtVerify(token, key, { ...checks, algorithms: ["HS256"] })).payload;
}

export interface TokenClaims {
  sub: string;
  role: string;
  agency?: string;
  ward?: string;
}

/** Signs a token with the secret or development key (not possible with a JWKS provider). */
export async function signToken(auth: AuthConfig, claims: TokenClaims, hours = 12): Promise<string> {
  if (auth.kind === "jwks") throw new Error("tokens come from the identity provider when JWKS_URL is set");
  let jwt = new SignJWT({ role: claims.role, agency: claims.agency, ward: claims.ward })
    .setProtectedHeader({ alg: "HS256" })
    .setSubject(claims.sub)
    .setIssuedAt()
    .setExpirationTime(`${hours}h`);
  if (auth.kind === "secret" && auth.issuer) jwt = jwt.setIssuer(auth.issuer);
  if (auth.kind === "secret" && auth.audience) jwt = jwt.setAudience(auth.audience);
  return jwt.sign(symmetricKey(auth));
}

function symmetricKey(auth: Exclude<AuthConfig, { kind: "jwks" }>): Uint8Array {
  return new TextEncoder().encode(auth.kind === "secret" ? auth.secret : developmentKey(auth.keyFile));
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
