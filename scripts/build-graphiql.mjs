// Bundles the analysts' GraphiQL page (server/app/graphiql) into dist/graphiql: one script and one
// stylesheet, served by the platform at /graphiql with nothing fetched from elsewhere.
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const out = join(root, "dist", "graphiql");
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
console.log(`built ${out}`);
