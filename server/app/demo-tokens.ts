import type { AuthConfig } from "../config/config";
import { Role, signToken } from "../shared/auth";

/** One identity per role on the demo data, for trying the API in development. */
export const DEMO_IDENTITIES = [
  { sub: "demo-admin", role: Role.ADMIN },
  { sub: "demo-culture-information", role: Role.AGENCY_STAFF, agency: "CULTURE_INFORMATION" },
  { sub: "demo-nhon-binh", role: Role.WARD_OFFICER, ward: "21550" },
  { sub: "demo-analyst", role: Role.ANALYST },
  { sub: "demo-monitor", role: Role.MONITOR },
];

/** Lines "ROLE (scope): token" for the demo identities. */
export async function demoTokenLines(auth: AuthConfig): Promise<string[]> {
  return Promise.all(
    DEMO_IDENTITIES.map(async (identity) => {
      const scope = identity.agency ?? identity.ward;
      return `  ${identity.role}${scope ? ` (${scope})` : ""}: ${await signToken(auth, identity)}`;
    }),
  );
}
