import { Role } from "../server/shared/auth";
import { freshBenchDatabase, startBenchServer, type Figure } from "./harness";

/** The main queries of each kind of user with their usual nested fields; `$first` is the page size. */
const QUERIES: {
  who: string;
  role: Role;
  claims?: { agency?: string; ward?: string };
  relations: number;
  query: string;
}[] = [
  {
    who: "agency staff: open tasks with households, measure, ward",
    role: Role.AGENCY_STAFF,
    claims: { agency: "LABOUR" },
    relations: 3,
    query: `query($first: Int) { tasks(first: $first, filter: { statuses: [ROUTED, ACCEPTED, IN_PROGRESS] }) { edges { node { id status dueOn measure { code } ward { name } household { code classification deprivations { indicator } } } } } }`,
  },
  {
    who: "ward officer: households with members and deprivations",
    role: Role.WARD_OFFICER,
    claims: { ward: "21589" },
    relations: 2,
    query: `query($first: Int) { households(first: $first) { edges { node { code classification ward { name } members { fullName relationToHead } deprivations { indicator } } } } }`,
  },
  {
    who: "ward officer: the ward's tasks with their history",
    role: Role.WARD_OFFICER,
    claims: { ward: "21589" },
    relations: 3,
    query: `query($first: Int) { tasks(first: $first) { edges { node { id status ownerAgency { code } measure { code } history { kind at } } } } }`,
  },
  {
    who: "analyst: de-identified households with their review history",
    role: Role.ANALYST,
    relations: 3,
    query: `query($first: Int) { households(first: $first) { edges { node { code area classification ward { name } reviewHistory { classification review { code } } } } } }`,
  },
];

/**
 * SQL statements per request for 10 and 100 rows, as the server counts them (REPORT_SQL_STATEMENTS):
 * batched loaders make the count depend on the nesting, not on the rows. A request may also cost
 * statements of its own: the rate limit's when the user's lease runs short, and, for personal
 * fields, the access log.
 */
export async function sqlPerRequest(): Promise<Figure[]> {
  const db = await freshBenchDatabase("sql");
  const server = await startBenchServer(db.url, { REPORT_SQL_STATEMENTS: "true" });
  try {
    await server.call(`mutation { routeHouseholds(filter: {}) { createdCount } }`);
    const figures: Figure[] = [];
    for (const q of QUERIES) {
      const token = await server.token(q.role, q.claims);
      const count = async (first: number) => {
        const res = await server.call(q.query, { first }, token);
        if (res.errors) throw new Error(`${q.who}: ${JSON.stringify(res.errors)}`);
        return res.extensions!.sqlStatements!;
      };
      // The first request of a token also looks its agency or ward up; the first two of a user take
      // the rate limit's exact charge and then its lease (app/rate-limiter.ts), later ones count in
      // memory. The lease is sized by the requests that take it: taken with 100 rows, it covers the
      // counted ones (taken with 1, the 100-row request ran short of it and paid a statement).
      await count(100);
      await count(100);
      const [ten, hundred] = [await count(10), await count(100)];
      figures.push({
        name: `${q.who} (10 rows → 100 rows)`,
        value: `${ten} → ${hundred}`,
        unit: "statements",
        target: `the same; ≤ 1 per relation (${q.relations}) + page, rate limit, access log`,
        met: ten === hundred && hundred <= q.relations + 3,
      });
    }
    return figures;
  } finally {
    await server.stop();
    await db.drop();
  }
}
