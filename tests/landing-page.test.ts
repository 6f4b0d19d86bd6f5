import { startChildServer, type ChildServer } from "./harness/child-server";
import { freshDatabase, type FreshDatabase } from "./harness/test-database";

/** A person opening the server's address, or reading what `npm start` printed. */
describe("the landing page", () => {
  let db: FreshDatabase;
  let server: ChildServer;
  let origin: string;

  beforeAll(async () => {
    db = await freshDatabase();
    server = await startChildServer(
      db.databaseUrl ? { DATABASE_URL: db.databaseUrl } : { PGLITE_DATA_DIR: db.pgliteDataDir },
    );
    origin = `http://localhost:${server.port}`;
  });
  afterAll(async () => {
    server.process.kill("SIGTERM");
    await server.exited;
    await db.drop();
  });

  it("answers / with links to the web app, GraphiQL, health and readiness that all work", async () => {
    const res = await fetch(`${origin}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/html/);
    const html = await res.text();
    const links = [...html.matchAll(/href="([^"]+)"/g)].map((m) => m[1]);
    expect(links).toEqual(expect.arrayContaining(["/app/", "/graphiql", "/healthz", "/readyz"]));
    for (const link of links.filter((l) => l !== "/graphql"))
      expect([link, (await fetch(`${origin}${link}`)).status]).toEqual([link, 200]);
  });

  it("is among the addresses the server prints at start", () => {
    for (const path of ["/", "/app/", "/graphiql", "/healthz"])
      expect(server.output()).toContain(`${origin}${path} `);
  });
});
