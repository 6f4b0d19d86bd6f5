// Bundles the web app (server/app/web-app) into dist/web-app: app.js, app.css, sw.js and index.html,
// served by the platform at /app with nothing fetched from elsewhere. Skipped when no input is newer
// than the last build (the app's sources, the SDK it is built on, the installed packages).
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const source = join(root, "server", "app", "web-app");
const out = join(root, "dist", "web-app");
const inputs = [source, join(root, "client-sdk", "src"), join(root, "package-lock.json"), fileURLToPath(import.meta.url)];

const newest = (path) => (statSync(path).isDirectory() ? Math.max(0, ...readdirSync(path).map((name) => newest(join(path, name)))) : statSync(path).mtimeMs);
const stamp = join(out, "index.html");
if (existsSync(stamp) && statSync(stamp).mtimeMs >= Math.max(...inputs.map(newest))) {
  console.log(`${out} is up to date`);
  process.exit(0);
}

mkdirSync(out, { recursive: true });
const common = { bundle: true, minify: true, target: "es2022", logLevel: "warning", define: { "process.env.NODE_ENV": '"production"' } };
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
const version = createHash("sha256").update(readFileSync(join(out, "app.js"))).update(readFileSync(join(out, "app.css"))).digest("hex").slice(0, 12);
await build({ ...common, entryPoints: [join(source, "sw.ts")], format: "iife", outfile: join(out, "sw.js"), define: { ...common.define, SHELL_VERSION: JSON.stringify(version) } });
writeFileSync(
  stamp,
  `<!doctype html>
<html lang="vi">
<head>
  <meta charset="utf-8" />
  <meta name="viewport" content="width=device-width, initial-scale=1" />
  <meta name="theme-color" content="#7f1d1d" />
  <title>Giảm nghèo bền vững Quy Nhơn</title>
  <link rel="stylesheet" href="/app/app.css" />
</head>
<body>
  <div id="root"></div>
  <script type="module" src="/app/app.js"></script>
</body>
</html>
`,
);
console.log(`built ${out} (${Object.keys(app.metafile.outputs).length} files, shell ${version})`);
