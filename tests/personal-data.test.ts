import { Role } from "../server/shared/auth";
import { data, routeCity } from "./harness/api-helpers";
import { serverUrl } from "./harness/test-database";
import { startTestPlatform, type TestIdentity, type TestPlatform } from "./harness/test-platform";

let api: TestPlatform;
let household: { id: string; code: string };
beforeAll(async () => {
  api = await startTestPlatform();
  await routeCity(api);
  const res = await data<{ households: { edges: { node: typeof household }[] } }>(
    api,
    `{ households(first: 1, filter: { wardCodes: ["21550"], deprivationsAnyOf: [TELECOM_SERVICES] }) { edges { node { id code } } } }`,
  );
  household = res.households.edges[0].node;
});
afterAll(() => api.close());

const WARD_OFFICER: TestIdentity = {
  sub: "officer-nhon-binh",
  role: Role.WARD_OFFICER,
  ward: "21550",
};
const FOREIGN_OFFICER: TestIdentity = {
  sub: "officer-bui-thi-xuan",
  role: Role.WARD_OFFICER,
  ward: "21589",
};
const STAFF: TestIdentity = {
  sub: "staff-culture",
  role: Role.AGENCY_STAFF,
  agency: "CULTURE_INFORMATION",
};
const ANALYST: TestIdentity = { sub: "analyst-1", role: Role.ANALYST };
const MONITOR: TestIdentity = { sub: "monitor-1", role: Role.MONITOR };

const MEMBERS = `query($id: ID!) { household(id: $id) { code address members { fullName birthYear nationalIdNumber } } }`;
/** The answer to MEMBERS: the household is null out of the reader's reach, its fields where forbidden. */
interface MembersAnswer {
  household: {
    code: string;
    address: string | null;
    members: { fullName: string; birthYear: number; nationalIdNumber: string | null }[] | null;
  } | null;
}

describe("national ID numbers", () => {
  it("are whole for ADMIN and the household's own ward", async () => {
    for (const who of [undefined, WARD_OFFICER]) {
      const res = who
        ? await api.as(who).graphql<MembersAnswer>(MEMBERS, { id: household.id })
        : await api.graphql<MembersAnswer>(MEMBERS, { id: household.id });
      expect(res.errors).toBeUndefined();
      for (const m of res.data!.household!.members!) expect(m.nationalIdNumber).toMatch(/^\d{12}$/);
    }
  });

  it("are masked for agency staff and hidden from monitors", async () => {
    const staff = await api.as(STAFF).graphql<MembersAnswer>(MEMBERS, { id: household.id });
    for (const m of staff.data!.household!.members!)
      expect(m.nationalIdNumber).toMatch(/^\*{9}\d{3}$/);
    const monitor = await api.as(MONITOR).graphql<MembersAnswer>(MEMBERS, { id: household.id });
    expect(monitor.errors).toBeUndefined();
    for (const m of monitor.data!.household!.members!) expect(m.nationalIdNumber).toBeNull();
  });

  it("of another ward are out of reach for a ward officer", async () => {
    const res = await api.as(FOREIGN_OFFICER).graphql<MembersAnswer>(MEMBERS, { id: household.id });
    expect(res.data!.household).toBeNull();
  });
});

describe("analysts", () => {
  it("see de-identified households: no address, no members", async () => {
    const res = await api.as(ANALYST).graphql<MembersAnswer>(MEMBERS, { id: household.id });
    expect(res.data!.household).toEqual({ code: household.code, address: null, members: null });
    expect(res.errors!.map((e) => [e.path?.join("."), e.extensions?.code])).toEqual([
      ["household.address", "FORBIDDEN"],
      ["household.members", "FORBIDDEN"],
    ]);
  });

  it("may count and filter, but not search by name", async () => {
    const counted = await api
      .as(ANALYST)
      .graphql<{ households: { totalCount: number } }>(
        `{ households(filter: { classifications: [POOR], deprivationsAnyOf: [HEALTH_INSURANCE] }) { totalCount } }`,
      );
    expect(counted.data!.households.totalCount).toBe(43);
    const search = await api
      .as(ANALYST)
      .graphql(`{ households(filter: { search: "nguyen" }) { totalCount } }`);
    expect(search.errors![0].extensions?.code).toBe("FORBIDDEN");
  });

  it("cannot read the free text about households on tasks: notes, reasons, outcomes, history", async () => {
    const res = await api
      .as(ANALYST)
      .graphql<{ tasks: { edges: { node: unknown }[] } }>(
        `{ tasks(first: 1) { edges { node { id status notes assignee declineReason history { comment } } } } }`,
      );
    expect(res.data!.tasks.edges[0].node).toMatchObject({
      status: "ROUTED",
      notes: null,
      assignee: null,
      declineReason: null,
      history: null,
    });
    expect(new Set(res.errors!.map((e) => e.extensions?.code))).toEqual(new Set(["FORBIDDEN"]));
  });

  it("cannot reach personal data through tasks either", async () => {
    const res = await api
      .as(ANALYST)
      .graphql(
        `{ tasks(first: 1) { edges { node { household { code members { fullName } } } } } }`,
      );
    expect(res.errors!.map((e) => e.extensions?.code)).toEqual(["FORBIDDEN"]);
    expect(JSON.stringify(res.data)).not.toMatch(/fullName/);
  });
});

/** An entry of the personal-data access log, as these tests read it. */
interface AccessLogEntry {
  at: string;
  userId: string;
  role: string;
  householdId: string;
  fields: string[];
  operation: string;
}

describe("the access log", () => {
  it("records every read of personal fields (who, when, which household, which fields), for ADMIN to query", async () => {
    await api
      .as(STAFF)
      .graphql(
        `query Visit($id: ID!) { household(id: $id) { address members { fullName nationalIdNumber } } }`,
        { id: household.id },
      );
    await api.as(STAFF).graphql(`query Counting { households { totalCount } }`);
    const log = await data<{ personalDataAccessLog: { edges: { node: AccessLogEntry }[] } }>(
      api,
      `query($id: ID!) { personalDataAccessLog(householdId: $id, first: 10) { edges { node { at userId role householdId fields operation } } } }`,
      { id: household.id },
    );
    const entry = log.personalDataAccessLog.edges
      .map((e) => e.node)
      .find((n) => n.userId === "staff-culture");
    expect(entry).toMatchObject({
      role: "AGENCY_STAFF",
      householdId: household.id,
      fields: ["address", "members.fullName", "members.nationalIdNumber"],
      operation: "Visit",
    });
    expect(Date.now() - Date.parse(entry!.at)).toBeLessThan(60_000);
    const byUser = await data<{
      personalDataAccessLog: { edges: { node: Pick<AccessLogEntry, "operation"> }[] };
    }>(
      api,
      `{ personalDataAccessLog(userId: "staff-culture", first: 100) { edges { node { operation } } } }`,
    );
    expect(byUser.personalDataAccessLog.edges.map((e) => e.node.operation)).not.toContain(
      "Counting",
    );
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
    process.stderr.write = ((chunk: string | Uint8Array) => (
      written.push(String(chunk)),
      true
    )) as typeof process.stderr.write;
    try {
      const member = (await data<MembersAnswer>(api, MEMBERS, { id: household.id })).household!
        .members![0];
      await api.graphql(
        `mutation($id: ID!, $t: String!) { commentOnTask(id: $id, version: 999, text: $t) { id } }`,
        { id: household.id, t: member.nationalIdNumber },
      );
      await api.graphql(
        `{ households(filter: { search: "${member.fullName}" }) { edges { node { address } } } }`,
      );
      // A value the database refuses (NUL) makes it log an error: the value must not appear in it.
      const refused = await api.graphql(
        `query($s: String) { households(filter: { search: $s }) { totalCount } }`,
        { s: `${member.fullName}\u0000${member.nationalIdNumber}` },
      );
      expect(refused.errors![0].extensions?.code).toBe("BAD_USER_INPUT");
    } finally {
      process.stderr.write = original;
    }
    const logs = written.join("");
    expect(logs).toMatch(/database error/);
    const member = (await data<MembersAnswer>(api, MEMBERS, { id: household.id })).household!
      .members![0];
    expect(logs).not.toContain(member.nationalIdNumber);
    expect(logs).not.toContain(member.fullName);
  });
});

// Concurrent requests, and a second session holding the log's table locked, need a PostgreSQL server: PGlite has one session.
const onPostgres = serverUrl() ? describe : describe.skip;

onPostgres("the access log on a server: batched, written ahead of the answer (PostgreSQL)", () => {
  it("writes the reads of requests answered together in one statement per batch", async () => {
    const ds = api.platform.database.dataSource;
    // Reads join a batch only while the statement before it is in flight: a quiet machine may answer
    // twelve requests one after another, each its own statement. So up to three rounds; every round
    // logs every read, and one of them must have written several in one statement.
    const statementsPerRound: number[] = [];
    for (let round = 0; round < 3 && !statementsPerRound.some((n) => n < 12); round++) {
      const before = Number(
        (await ds.query(`SELECT coalesce(max(id), 0) AS id FROM personal_data_access`))[0].id,
      );
      const answers = await Promise.all(
        Array.from({ length: 12 }, () =>
          api.as(WARD_OFFICER).graphql<MembersAnswer>(MEMBERS, { id: household.id }),
        ),
      );
      expect(answers.every((a) => a.data?.household?.members?.length)).toBe(true);
      // Rows written by one statement share its transaction id (xmin); every request's read is there.
      const rows: { xmin: string }[] = await ds.query(
        `SELECT xmin::text AS xmin FROM personal_data_access WHERE id > $1 AND user_id = $2`,
        [before, WARD_OFFICER.sub],
      );
      expect(rows).toHaveLength(12);
      statementsPerRound.push(new Set(rows.map((r) => r.xmin)).size);
    }
    expect(Math.min(...statementsPerRound)).toBeLessThan(12);
  });

  it("sends no personal data before its read is logged, and none when the log cannot be written", async () => {
    const ds = api.platform.database.dataSource;
    const lock = ds.createQueryRunner();
    await lock.startTransaction();
    await lock.query(`LOCK TABLE personal_data_access IN EXCLUSIVE MODE`);
    let answered = false;
    const answer = api
      .as(WARD_OFFICER)
      .graphql<MembersAnswer>(MEMBERS, { id: household.id })
      .finally(() => (answered = true));
    const waitingWriter = async () =>
      (
        await ds.query(
          `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE '%INSERT INTO personal_data_access%'`,
        )
      )[0]?.pid as number | undefined;
    let writer: number | undefined;
    while (!(writer = await waitingWriter())) await new Promise((resolve) => setImmediate(resolve));
    // The read is done and its log row waits: nothing has left for the client.
    expect(answered).toBe(false);
    // The log's connection dies (as with a crash of the database): the answer carries no personal data.
    await ds.query(`SELECT pg_terminate_backend($1)`, [writer]);
    const res = await answer;
    await lock.rollbackTransaction();
    await lock.release();
    expect(JSON.stringify(res)).not.toMatch(/fullName|nationalIdNumber|address/);
    expect(res.errors?.length).toBeGreaterThan(0);
  });
});
