import { Role, type Viewer } from "../../shared/auth";
import type { Bind } from "../../shared/sql-parameters";

/**
 * The condition (over `household_plan` aliased `p` joined to its `household` aliased `h`) limiting
 * plans to what the viewer may see, or null for all: a ward officer the ward's plans, an agency's
 * staff the plans of households behind tasks it owns or supports (its items of the plan), anyone
 * the plans they mentor; analysts none (they get the forecast's counts).
 */
export function planScopeSql(viewer: Viewer, bind: Bind): string | null {
  const mentor = `p.mentors @> CAST(${bind(JSON.stringify([{ userId: viewer.userId }]))} AS jsonb)`;
  switch (viewer.role) {
    case Role.ADMIN:
    case Role.MONITOR:
      return null;
    case Role.WARD_OFFICER:
      return `(h.ward_id = ${bind(viewer.wardId)} OR ${mentor})`;
    case Role.AGENCY_STAFF: {
      const agency = bind(viewer.agencyId);
      return `(EXISTS (SELECT 1 FROM task_assignment st WHERE st.household_id = p.household_id AND (st.owner_agency_id = ${agency} OR ${agency} = ANY(st.supporting_agency_ids))) OR ${mentor})`;
    }
    case Role.ANALYST:
      return "false";
  }
}
