// Bundles the analysts' GraphiQL page (server/app/graphiql) into dist/graphiql: one script and one
// stylesheet, served by the platform at /graphiql with nothing fetched from elsewhere.
// Bundling takes a second or more on every start and token: it is skipped when nothing it reads has
// changed since the last bundle (the page, this script, the locked package versions).
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const out = join(root, "dist", "graphiql");
const inputs = [
  join(root, "server", "app", "graphiql", "page.tsx"),
  fileURLToPath(import.meta.url),
  join(root, "package-lock.json"),
];
const digest = inputs
  .reduce((hash, file) => hash.update(readFileSync(file)), createHash("sha256"))
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
await build({
  entryPoints: [join(root, "server", "app", "graphiql", "page.tsx")],
  bundle: true,
  minify: true,
  format: "esm",
  target: "es2022",
  outfile: join(out, "graphiql.js"),
  loader: { ".ttf": "file", ".woff": "file", ".woff2": "file" },
  define: { "process.env.NODE_ENV": '"production"' },
  jsx: "automatic",
  logLevel: "warning",
});
writeFileSync(
  join(out, "index.html"),
  `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8" />
  <meta name="viewport" content="width=device-width, initial-scale=1" />
  <title>Quy Nhơn platform — GraphiQL</title>
  <link rel="stylesheet" href="./graphiql.css" />
</head>
<body style="margin:0">
  <div id="root"></div>
  <script type="module" src="./graphiql.js"></script>
</body>
</html>
`,
);
writeFileSync(stamp, digest);
// On stderr: `QN_TOKEN=$(npm run -s token …)` captures stdout, which must hold the token alone.
console.error(`built ${out}`);
