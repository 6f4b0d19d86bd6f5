import { Role } from "../server/shared/auth";
import { data, routeCity } from "./harness/api-helpers";
import { startTestPlatform, type TestIdentity, type TestPlatform } from "./harness/test-platform";

let api: TestPlatform;
let household: { id: string; code: string };
beforeAll(async () => {
  api = await startTestPlatform();
  await routeCity(api);
  const res = await data(api, `{ households(first: 1, filter: { wardCodes: ["21550"], deprivationsAnyOf: [TELECOM_SERVICES] }) { edges { node { id code } } } }`);
  household = res.households.edges[0].node;
});
afterAll(() => api.close());

const WARD_OFFICER: TestIdentity = { sub: "officer-nhon-binh", role: Role.WARD_OFFICER, ward: "21550" };
const FOREIGN_OFFICER: TestIdentity = { sub: "officer-bui-thi-xuan", role: Role.WARD_OFFICER, ward: "21589" };
const STAFF: TestIdentity = { sub: "staff-culture", role: Role.AGENCY_STAFF, agency: "CULTURE_INFORMATION" };
const ANALYST: TestIdentity = { sub: "analyst-1", role: Role.ANALYST };
const MONITOR: TestIdentity = { sub: "monitor-1", role: Role.MONITOR };

const MEMBERS = `query($id: ID!) { household(id: $id) { code address members { fullName birthYear nationalIdNumber } } }`;

describe("national ID numbers", () => {
  it("are whole for ADMIN and the household's own ward", async () => {
    for (const who of [undefined, WARD_OFFICER]) {
      const res = who ? await api.as(who).graphql(MEMBERS, { id: household.id }) : await api.graphql(MEMBERS, { id: household.id });
      expect(res.errors).toBeUndefined();
      for (const m of res.data.household.members) expect(m.nationalIdNumber).toMatch(/^\d{12}$/);
    }
  });

  it("are masked for agency staff and hidden from monitors", async () => {
    const staff = await api.as(STAFF).graphql(MEMBERS, { id: household.id });
    for (const m of staff.data.household.members) expect(m.nationalIdNumber).toMatch(/^\*{9}\d{3}$/);
    const monitor = await api.as(MONITOR).graphql(MEMBERS, { id: household.id });
    expect(monitor.errors).toBeUndefined();
    for (const m of monitor.data.household.members) expect(m.nationalIdNumber).toBeNull();
  });

  it("of another ward are out of reach for a ward officer", async () => {
    const res = await api.as(FOREIGN_OFFICER).graphql(MEMBERS, { id: household.id });
    expect(res.data.household).toBeNull();
  });
});

describe("analysts", () => {
  it("see de-identified households: no address, no members", async () => {
    const res = await api.as(ANALYST).graphql(MEMBERS, { id: household.id });
    expect(res.data.household).toEqual({ code: household.code, address: null, members: null });
    expect(res.errors!.map((e) => [e.path?.join("."), e.extensions?.code])).toEqual([
      ["household.address", "FORBIDDEN"],
      ["household.members", "FORBIDDEN"],
    ]);
  });

  it("may count and filter, but not search by name", async () => {
    const counted = await api.as(ANALYST).graphql(`{ households(filter: { classifications: [POOR], deprivationsAnyOf: [HEALTH_INSURANCE] }) { totalCount } }`);
    expect(counted.data.households.totalCount).toBe(43);
    const search = await api.as(ANALYST).graphql(`{ households(filter: { search: "nguyen" }) { totalCount } }`);
    expect(search.errors![0].extensions?.code).toBe("FORBIDDEN");
  });

  it("cannot read the free text about households on tasks: notes, reasons, outcomes, history", async () => {
    const res = await api.as(ANALYST).graphql(`{ tasks(first: 1) { edges { node { id status notes assignee declineReason history { comment } } } } }`);
    expect(res.data.tasks.edges[0].node).toMatchObject({ status: "ROUTED", notes: null, assignee: null, declineReason: null, history: null });
    expect(new Set(res.errors!.map((e) => e.extensions?.code))).toEqual(new Set(["FORBIDDEN"]));
  });

  it("cannot reach personal data through tasks either", async () => {
    const res = await api.as(ANALYST).graphql(`{ tasks(first: 1) { edges { node { household { code members { fullName } } } } } }`);
    expect(res.errors!.map((e) => e.extensions?.code)).toEqual(["FORBIDDEN"]);
    expect(JSON.stringify(res.data)).not.toMatch(/fullName/);
  });
});

describe("the access log", () => {
  it("records every read of personal fields (who, when, which household, which fields), for ADMIN to query", async () => {
    await api.as(STAFF).graphql(`query Visit($id: ID!) { household(id: $id) { address members { fullName nationalIdNumber } } }`, { id: household.id });
    await api.as(STAFF).graphql(`query Counting { households { totalCount } }`);
    const log = await data(api, `query($id: ID!) { personalDataAccessLog(householdId: $id, first: 10) { edges { node { at userId role householdId fields operation } } } }`, { id: household.id });
    const entry = log.personalDataAccessLog.edges.map((e: any) => e.node).find((n: any) => n.userId === "staff-culture");
    expect(entry).toMatchObject({
      role: "AGENCY_STAFF",
      householdId: household.id,
      fields: ["address", "members.fullName", "members.nationalIdNumber"],
      operation: "Visit",
    });
    expect(Date.now() - Date.parse(entry.at)).toBeLessThan(60_000);
    const byUser = await data(api, `{ personalDataAccessLog(userId: "staff-culture", first: 100) { edges { node { operation } } } }`);
    expect(byUser.personalDataAccessLog.edges.map((e: any) => e.node.operation)).not.toContain("Counting");
  });

  it("is closed to everyone but ADMIN", async () => {
    for (const who of [STAFF, WARD_OFFICER, ANALYST, MONITOR]) {
      const res = await api.as(who).graphql(`{ personalDataAccessLog { edges { node { id } } } }`);
      expect(res.errors![0].extensions?.code).toBe("FORBIDDEN");
    }
  });
});

describe("server logs", () => {
  it("carry no personal data when a request fails", async () => {
    const written: string[] = [];
    const original = process.stderr.write.bind(process.stderr);
    process.stderr.write = ((chunk: string | Uint8Array) => (written.push(String(chunk)), true)) as typeof process.stderr.write;
    try {
      const member = (await data(api, MEMBERS, { id: household.id })).household.members[0];
      await api.graphql(`mutation($id: ID!, $t: String!) { commentOnTask(id: $id, version: 999, text: $t) { id } }`, { id: household.id, t: member.nationalIdNumber });
      await api.graphql(`{ households(filter: { search: "${member.fullName}" }) { edges { node { address } } } }`);
      // A value the database refuses (NUL) makes it log an error: the value must not appear in it.
      const refused = await api.graphql(`query($s: String) { households(filter: { search: $s }) { totalCount } }`, { s: `${member.fullName}\u0000${member.nationalIdNumber}` });
      expect(refused.errors![0].extensions?.code).toBe("BAD_USER_INPUT");
    } finally {
      process.stderr.write = original;
    }
    const logs = written.join("");
    expect(logs).toMatch(/database error/);
    const member = (await data(api, MEMBERS, { id: household.id })).household.members[0];
    expect(logs).not.toContain(member.nationalIdNumber);
    expect(logs).not.toContain(member.fullName);
  });
});
