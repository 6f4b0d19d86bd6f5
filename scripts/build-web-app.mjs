// Bundles the web app (server/app/web-app) into dist/web-app: app.js, app.css, sw.js, beside its index.html,
// served by the platform at /app with nothing fetched from elsewhere. Skipped, as GraphiQL's bundle
// is, when nothing it reads has changed (the app's sources, the SDK it is built on, this script, the
// locked package versions).
import { createHash } from "node:crypto";
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const source = join(root, "server", "app", "web-app");
const out = join(root, "dist", "web-app");
const inputs = [
  source,
  join(root, "client-sdk", "src"),
  join(root, "package-lock.json"),
  fileURLToPath(import.meta.url),
];

const files = (path) =>
  statSync(path).isDirectory()
    ? readdirSync(path, { recursive: true, withFileTypes: true })
        .filter((e) => e.isFile())
        .map((e) => join(e.parentPath, e.name))
        .sort()
    : [path];
// Names count as well as contents: a renamed or deleted file changes the bundle too.
const digest = inputs
  .flatMap(files)
  .reduce(
    (hash, file) => hash.update(relative(root, file)).update(readFileSync(file)),
    createHash("sha256"),
  )
  .digest("hex");
// A dotfile: express.static does not serve it.
const stamp = join(out, ".inputs-sha256");
if (
  existsSync(join(out, "index.html")) &&
  existsSync(stamp) &&
  readFileSync(stamp, "utf8") === digest
)
  process.exit(0);

mkdirSync(out, { recursive: true });
const common = {
  bundle: true,
  minify: true,
  target: "es2022",
  logLevel: "warning",
  define: { "process.env.NODE_ENV": '"production"' },
};
const app = await build({
  ...common,
  entryPoints: { app: join(source, "main.tsx") },
  format: "esm",
  platform: "browser",
  outdir: out,
  jsx: "automatic",
  metafile: true,
});
// The service worker's cache is named after the shell's content: a new build replaces the old cache.
const version = createHash("sha256")
  .update(readFileSync(join(source, "index.html")))
  .update(readFileSync(join(out, "app.js")))
  .update(readFileSync(join(out, "app.css")))
  .digest("hex")
  .slice(0, 12);
await build({
  ...common,
  entryPoints: [join(source, "sw.ts")],
  format: "iife",
  outfile: join(out, "sw.js"),
  define: { ...common.define, SHELL_VERSION: JSON.stringify(version) },
});
copyFileSync(join(source, "index.html"), join(out, "index.html"));
writeFileSync(stamp, digest);
console.log(`built ${out} (${Object.keys(app.metafile.outputs).length} files, shell ${version})`);
