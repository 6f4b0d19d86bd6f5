import { data, routeCity } from "./api-helpers";
import type { TestIdentity, TestPlatform } from "./test-platform";
import { Role } from "../../server/shared/auth";

export type Scope = "own" | "foreign";

/**
 * The identities the access tests act as: one per role, with an agency and a ward to own, and the
 * secretariat (LABOUR's staff), whose rules add the declined and overdue tasks of every agency.
 */
export const PRINCIPALS: Record<Role | "SECRETARIAT", TestIdentity> = {
  ADMIN: { sub: "matrix-admin", role: Role.ADMIN },
  AGENCY_STAFF: {
    sub: "matrix-culture-information",
    role: Role.AGENCY_STAFF,
    agency: "CULTURE_INFORMATION",
  },
  SECRETARIAT: { sub: "matrix-labour", role: Role.AGENCY_STAFF, agency: "LABOUR" },
  WARD_OFFICER: { sub: "matrix-nhon-binh", role: Role.WARD_OFFICER, ward: "21550" },
  ANALYST: { sub: "matrix-analyst", role: Role.ANALYST },
  MONITOR: { sub: "matrix-monitor", role: Role.MONITOR },
};
export const OWN_WARD = "21550";
export const FOREIGN_WARD = "21589";
/** The agency the principal works for (agency staff), and one it does not. */
const ownAgency = (who: TestIdentity) => who.agency ?? "CULTURE_INFORMATION";
const foreignAgency = (who: TestIdentity) =>
  ownAgency(who) === "LABOUR" ? "CULTURE_INFORMATION" : "LABOUR";

interface TaskRow {
  id: string;
  status: string;
  version: number;
  ownerAgency: { code: string };
  supportingAgencies: { code: string }[];
  ward: { code: string };
  household: { id: string };
}

interface TaskPage {
  tasks: {
    edges: { node: TaskRow }[];
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
  };
}

/**
 * The demo data, routed, and ways to pick a task or household that is the principal's own or
 * foreign. Tasks an allowed attempt changed are not handed out again.
 */
export class AccessFixtures {
  private tasks: TaskRow[] = [];
  private readonly used = new Set<string>();
  /** A household no task touches (of the foreign ward): the secretariat takes part in every routed one. */
  untouchedHousehold = "";

  constructor(private readonly api: TestPlatform) {}

  async load(): Promise<void> {
    await routeCity(this.api);
    this.tasks = [];
    let after: string | null = null;
    do {
      const res: TaskPage = await data<TaskPage>(
        this.api,
        `query($after: String) { tasks(first: 100, after: $after) { edges { node { id status version ownerAgency { code } supportingAgencies { code } ward { code } household { id } } } pageInfo { hasNextPage endCursor } } }`,
        { after },
      );
      this.tasks.push(...res.tasks.edges.map((e) => e.node));
      after = res.tasks.pageInfo.hasNextPage ? res.tasks.pageInfo.endCursor : null;
    } while (after);
    // A copy of a planned household of the foreign ward, with its 2024 escape plan, so plan operations have an untouched plan to try too.
    const db = this.api.platform.database.dataSource;
    const [source]: { id: string }[] = await db.query(
      `SELECT h.id FROM household h JOIN ward w ON w.id = h.ward_id WHERE w.code = $1 AND EXISTS (SELECT 1 FROM household_plan p WHERE p.household_id = h.id) ORDER BY h.code LIMIT 1`,
      [FOREIGN_WARD],
    );
    const [copy]: { id: string }[] = await db.query(
      `INSERT INTO household SELECT (jsonb_populate_record(NULL::household, to_jsonb(h) || jsonb_build_object('id', gen_random_uuid(), 'code', 'QN-${FOREIGN_WARD}-7999'))).*
         FROM household h WHERE h.id = $1 RETURNING id`,
      [source.id],
    );
    await db.query(
      `INSERT INTO household_plan SELECT (jsonb_populate_record(NULL::household_plan, to_jsonb(p) || jsonb_build_object('id', gen_random_uuid(), 'household_id', $2::uuid))).*
         FROM household_plan p WHERE p.household_id = $1`,
      [source.id, copy.id],
    );
    this.untouchedHousehold = copy.id;
  }

  private inScope(t: TaskRow, who: TestIdentity, scope: Scope): boolean {
    const involves = (agency: string) =>
      t.ownerAgency.code === agency || t.supportingAgencies.some((a) => a.code === agency);
    if (who.role === Role.AGENCY_STAFF)
      return scope === "own"
        ? t.ownerAgency.code === ownAgency(who)
        : t.ownerAgency.code === foreignAgency(who) && !involves(ownAgency(who));
    if (who.role === Role.WARD_OFFICER)
      return t.ward.code === (scope === "own" ? OWN_WARD : FOREIGN_WARD);
    return true;
  }

  /** A task of the principal's scope, brought to `status` (ROUTED, ACCEPTED or IN_PROGRESS) as ADMIN. */
  async task(
    who: TestIdentity,
    scope: Scope,
    status: "ROUTED" | "ACCEPTED" | "IN_PROGRESS" = "ROUTED",
  ): Promise<TaskRow> {
    const t = this.tasks.find(
      (x) => !this.used.has(x.id) && x.status === "ROUTED" && this.inScope(x, who, scope),
    );
    if (!t) throw new Error(`no fresh task for ${who.role} ${scope}`);
    this.used.add(t.id);
    if (status !== "ROUTED") await this.move(t, "acceptTask");
    if (status === "IN_PROGRESS") await this.move(t, "startTask");
    return t;
  }

  /** Reads the task's current version again (after an attempt). */
  async refresh(t: TaskRow): Promise<TaskRow> {
    const res = await data<{ task: Pick<TaskRow, "status" | "version"> }>(
      this.api,
      `query($id: ID!) { task(id: $id) { status version } }`,
      {
        id: t.id,
      },
    );
    return Object.assign(t, res.task);
  }

  /** A household the principal may see (own) or may not (foreign). */
  householdId(who: TestIdentity, scope: Scope): string {
    if (who.role === Role.AGENCY_STAFF) {
      const agencyHouseholds = new Set(
        this.tasks
          .filter(
            (t) =>
              this.inScope(t, who, "own") ||
              t.supportingAgencies.some((a) => a.code === ownAgency(who)),
          )
          .map((t) => t.household.id),
      );
      const pick = this.tasks.find(
        (t) => (scope === "own") === agencyHouseholds.has(t.household.id),
      );
      if (pick) return pick.household.id;
      if (scope === "foreign") return this.untouchedHousehold;
      throw new Error(`no ${scope} household for agency staff`);
    }
    return this.tasks.find((t) => this.inScope(t, who, scope))!.household.id;
  }

  wardCode(who: TestIdentity, scope: Scope): string {
    return who.role === Role.WARD_OFFICER && scope === "foreign" ? FOREIGN_WARD : OWN_WARD;
  }

  agencyCode(who: TestIdentity, scope: Scope): string {
    return who.role === Role.AGENCY_STAFF && scope === "foreign"
      ? foreignAgency(who)
      : ownAgency(who);
  }

  private async move(t: TaskRow, mutation: "acceptTask" | "startTask"): Promise<void> {
    const res = await data<Record<typeof mutation, Pick<TaskRow, "status" | "version">>>(
      this.api,
      `mutation($id: ID!, $v: Int!) { ${mutation}(id: $id, version: $v) { status version } }`,
      { id: t.id, v: t.version },
    );
    Object.assign(t, res[mutation]);
  }
}
