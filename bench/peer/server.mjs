// PostGraphile 5 (amber preset), the throughput benchmark's peer: serves the bench's own schema
// (qn_peer, created by bench/throughput.ts) beside the tables it reads, with no authentication,
// no rate limit and no access log. Run with Node >= 22; prints its port.
import { createServer } from "node:http";
import { postgraphile } from "postgraphile";
import { makePgService } from "postgraphile/adaptors/pg";
import { grafserv } from "postgraphile/grafserv/node";
import { PostGraphileAmberPreset } from "postgraphile/presets/amber";

const preset = {
  extends: [PostGraphileAmberPreset],
  pgServices: [
    makePgService({
      connectionString: process.env.DATABASE_URL,
      schemas: ["qn_peer", "public"],
      poolConfig: { max: Number(process.env.POOL_SIZE ?? 10) },
    }),
  ],
  grafserv: { graphqlPath: "/graphql", graphiql: false },
  grafast: { explain: false },
};

const serv = postgraphile(preset).createServ(grafserv);
const server = createServer();
await serv.addTo(server);
server.listen(0, "127.0.0.1", () => process.stdout.write(`port ${server.address().port}\n`));
