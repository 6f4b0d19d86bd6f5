import type { AuthConfig } from "../config/config";
import type { AgencyService } from "../modules/agencies";
import type { WardService } from "../modules/wards";
import type { Actor } from "../shared/actor";
import { Role, signToken } from "../shared/auth";

/** One identity per role on the demo data, for trying the API in development. */
export const DEMO_IDENTITIES = [
  { sub: "demo-admin", role: Role.ADMIN },
  { sub: "demo-culture-information", role: Role.AGENCY_STAFF, agency: "CULTURE_INFORMATION" },
  { sub: "demo-nhon-binh", role: Role.WARD_OFFICER, ward: "21550" },
  { sub: "demo-analyst", role: Role.ANALYST },
  { sub: "demo-monitor", role: Role.MONITOR },
];

/** A demo identity as the sign-in page offers it: `scopeName` is its agency's or ward's stored (Vietnamese) name, when known. */
export type NamedDemoIdentity = (typeof DEMO_IDENTITIES)[number] & { scopeName?: string };

/** Where the names of the demo identities' agencies and wards are read. */
export interface DemoScopeNames {
  agencies: Pick<AgencyService, "list">;
  wards: Pick<WardService, "byCodesToday">;
}

/**
 * The demo identities with the stored names of their agency or ward, for the sign-in page: a ward
 * officer knows "Nhơn Bình", not 21550. An identity whose code the platform does not know today
 * (no plan data loaded, or its ward since merged away) gets no name, and the page shows the code.
 * Fails only when the database does.
 */
export async function namedDemoIdentities(
  actor: Actor,
  names: DemoScopeNames,
): Promise<NamedDemoIdentity[]> {
  const wardCodes = DEMO_IDENTITIES.flatMap((identity) => identity.ward ?? []);
  // The agencies are the plan's few dozen: the whole list is one small read.
  const [agencies, wards] = await Promise.all([
    names.agencies.list(actor),
    names.wards.byCodesToday(actor, wardCodes),
  ]);
  const agencyNames = new Map(agencies.map((agency) => [agency.code, agency.nameVi]));
  const wardNames = new Map(wards.map((ward) => [ward.code, ward.name]));
  return DEMO_IDENTITIES.map((identity) => {
    const scopeName = identity.agency
      ? agencyNames.get(identity.agency)
      : identity.ward && wardNames.get(identity.ward);
    return scopeName ? { ...identity, scopeName } : identity;
  });
}

/** Lines "ROLE (scope): token" for the demo identities. */
export async function demoTokenLines(auth: AuthConfig): Promise<string[]> {
  return Promise.all(
    DEMO_IDENTITIES.map(async (identity) => {
      const scope = identity.agency ?? identity.ward;
      return `  ${identity.role}${scope ? ` (${scope})` : ""}: ${await signToken(auth, identity)}`;
    }),
  );
}
