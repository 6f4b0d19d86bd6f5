import { registerEnumType } from "type-graphql";

export enum Role {
  /** City secretariat at LABOUR: everything, including rules and access logs. */
  ADMIN = "ADMIN",
  /** Staff of one agency: the tasks it owns or supports and the households behind them. */
  AGENCY_STAFF = "AGENCY_STAFF",
  /** Officer of one ward: its households and all their tasks. */
  WARD_OFFICER = "WARD_OFFICER",
  /** Aggregates and de-identified households only; never writes. */
  ANALYST = "ANALYST",
  /** Fatherland Front supervision: reads all tasks and their history, may comment. */
  MONITOR = "MONITOR",
}
registerEnumType(Role, { name: "Role" });

export const ALL_ROLES = Object.values(Role);

/** Who is asking, as established from a verified token. */
export interface Viewer {
  userId: string;
  role: Role;
  /** For AGENCY_STAFF: the agency's id and code. */
  agencyId: string | null;
  agencyCode: string | null;
  /** Whether the agency is the plan's secretariat (LABOUR): declined tasks come back to it. */
  secretariat: boolean;
  /** For WARD_OFFICER: the ward's id and code. */
  wardId: string | null;
  wardCode: string | null;
  /** When the token stops being valid (ms since epoch), if it says. */
  expiresAt: number | null;
}
