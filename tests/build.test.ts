import { execFile } from "node:child_process";
import { statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);
const root = join(__dirname, "..");
const mtime = (file: string) => statSync(join(root, file)).mtimeMs;
const build = () => run("npm", ["run", "-s", "build"], { cwd: root });
const OUTPUTS = [
  "dist/server/main.js",
  "dist/scripts/token.js",
  "dist/graphiql/graphiql.js",
  "dist/graphiql/index.html",
  "client-sdk/dist/index.js",
];

/** `npm start`, `npm run token` and `npm run import` build first: a restart must rebuild only what changed. */
describe("npm run build", () => {
  it("rewrites nothing when nothing changed, and says nothing on stdout", async () => {
    await build();
    const before = OUTPUTS.map(mtime);
    const again = await build();
    expect(again.stdout).toBe("");
    expect(OUTPUTS.map(mtime)).toEqual(before);
  });

  it("bundles GraphiQL again when what it was bundled from is not what is there now", async () => {
    await build();
    const bundle = mtime("dist/graphiql/graphiql.js");
    // A stamp that matches no inputs: as after a change to the page or to the locked packages.
    writeFileSync(join(root, "dist/graphiql/.inputs-sha256"), "stale");
    await build();
    expect(mtime("dist/graphiql/graphiql.js")).toBeGreaterThan(bundle);
  });
});
