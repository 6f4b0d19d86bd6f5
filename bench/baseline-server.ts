import http from "node:http";
import { Pool } from "pg";

/**
 * The practical ceiling for "my open tasks with their households" on this stack: a bare Node HTTP
 * handler running the same SQL with pg and JSON.stringify-ing the rows. Run by the throughput
 * benchmark in a process of its own; prints its port.
 */
const pool = new Pool({
  connectionString: process.env.DATABASE_URL,
  max: Number(process.env.POOL_SIZE ?? 10),
});
const agencyId = process.env.AGENCY_ID;

const server = http.createServer((req, res) => {
  req.resume();
  req.on("end", async () => {
    const { rows } = await pool.query(
      `SELECT t.id, t.status, t.due_on, h.code, h.classification
         FROM task_assignment t JOIN household h ON h.id = t.household_id
        WHERE (t.owner_agency_id = $1 OR $1 = ANY(t.supporting_agency_ids)) AND t.status IN ('ROUTED', 'ACCEPTED', 'IN_PROGRESS')
        ORDER BY t.created_at, t.id LIMIT 20`,
      [agencyId],
    );
    res.setHeader("content-type", "application/json");
    res.end(JSON.stringify({ data: { tasks: rows } }));
  });
});
server.listen(0, "127.0.0.1", () =>
  process.stdout.write(`port ${(server.address() as { port: number }).port}\n`),
);
