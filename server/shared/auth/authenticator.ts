import type { DataSource } from "typeorm";
import { DomainError } from "../errors";
import type { MessageParams } from "../i18n";
import type { VerifyToken } from "./token-verifier";
import { Role, type Viewer } from "./viewer";
import { wardValidOnSql } from "../ward-validity.sql";

const CODE_CACHE_MS = 60_000;
/** How long a verified token is trusted without checking its signature again (never past its expiry). */
const VERIFIED_CACHE_MS = 60_000;
const VERIFIED_CACHE_SIZE = 10_000;

const unauthenticated = (messageKey: string, params?: MessageParams) =>
  new DomainError("UNAUTHENTICATED", messageKey, params);

/** Establishes who is asking from a bearer token; the agency and ward it names must exist. */
export class Authenticator {
  private readonly codes = new Map<
    string,
    { id: string | null; secretariat: boolean; until: number }
  >();
  /** Claims of recently verified tokens: a client sends the same token with every request, and checking its signature each time cost a few percent of a small request's CPU. */
  private readonly verified = new Map<
    string,
    { claims: Awaited<ReturnType<VerifyToken>>; until: number }
  >();

  constructor(
    private readonly verify: VerifyToken,
    private readonly db: DataSource,
  ) {}

  /**
   * The viewer of an `Authorization` value ("Bearer <jwt>"). Throws UNAUTHENTICATED, saying what is
   * wrong, when it is missing, malformed, badly signed, expired, or names no valid role, agency or ward.
   */
  async fromAuthorization(authorization: unknown): Promise<Viewer> {
    if (typeof authorization !== "string" || authorization.trim() === "") {
      throw unauthenticated("error.auth.tokenRequired");
    }
    const match = /^Bearer\s+(\S+)$/i.exec(authorization.trim());
    if (!match) throw unauthenticated("error.auth.badAuthorization");
    return this.viewerOf(await this.claimsOf(match[1]));
  }

  private async claimsOf(token: string): Promise<Awaited<ReturnType<VerifyToken>>> {
    const now = Date.now();
    const cached = this.verified.get(token);
    if (cached && cached.until > now) return cached.claims;
    this.verified.delete(token);
    let claims: Awaited<ReturnType<VerifyToken>>;
    try {
      claims = await this.verify(token);
    } catch (error) {
      if (error instanceof DomainError) throw error;
      const expired = (error as { code?: string }).code === "ERR_JWT_EXPIRED";
      throw unauthenticated(expired ? "error.auth.expired" : "error.auth.invalid");
    }
    const until = Math.min(
      now + VERIFIED_CACHE_MS,
      typeof claims.exp === "number" ? claims.exp * 1000 : Infinity,
    );
    // Oldest first: a full cache forgets the token verified longest ago.
    if (this.verified.size >= VERIFIED_CACHE_SIZE)
      this.verified.delete(this.verified.keys().next().value!);
    this.verified.set(token, { claims, until });
    return claims;
  }

  private async viewerOf(claims: Record<string, unknown>): Promise<Viewer> {
    const role = claims.role as Role;
    if (typeof claims.sub !== "string" || !claims.sub) throw unauthenticated("error.auth.noUser");
    if (!Object.values(Role).includes(role))
      throw unauthenticated("error.auth.role", { roles: Object.values(Role).join(", ") });
    const viewer: Viewer = {
      userId: claims.sub,
      role,
      agencyId: null,
      agencyCode: null,
      secretariat: false,
      wardId: null,
      wardCode: null,
      expiresAt: typeof claims.exp === "number" ? claims.exp * 1000 : null,
    };
    if (role === Role.AGENCY_STAFF) {
      viewer.agencyCode = String(claims.agency ?? "");
      const agency = await this.lookUp("agency", viewer.agencyCode);
      if (!agency.id) throw unauthenticated("error.auth.agencyClaim");
      viewer.agencyId = agency.id;
      viewer.secretariat = agency.secretariat;
    }
    if (role === Role.WARD_OFFICER) {
      viewer.wardCode = String(claims.ward ?? "");
      viewer.wardId = (await this.lookUp("ward", viewer.wardCode)).id;
      if (!viewer.wardId) throw unauthenticated("error.auth.wardClaim");
    }
    return viewer;
  }

  private async lookUp(
    kind: "agency" | "ward",
    code: string,
  ): Promise<{ id: string | null; secretariat: boolean }> {
    const key = `${kind}:${code}`;
    const cached = this.codes.get(key);
    if (cached && cached.until > Date.now()) return cached;
    const sql =
      kind === "agency"
        ? `SELECT id, is_secretariat AS secretariat FROM agency WHERE code = $1`
        : `SELECT id, false AS secretariat FROM ward WHERE code = $1 AND ${wardValidOnSql(null, "current_date")}`;
    const [row]: { id: string; secretariat: boolean }[] = code
      ? await this.db.query(sql, [code])
      : [];
    const found = {
      id: row?.id ?? null,
      secretariat: row?.secretariat === true,
      until: Date.now() + CODE_CACHE_MS,
    };
    this.codes.set(key, found);
    return found;
  }
}
