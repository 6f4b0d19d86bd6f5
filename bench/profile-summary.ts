import { readFileSync } from "node:fs";

/**
 * Where a server's busy time went, by package: a V8 CPU profile (`BENCH_SERVER_NODE_ARGS=
 * "--cpu-prof --cpu-prof-dir=…"`) summed by self time per npm package, Node module, our own
 * module, garbage collection or native function, idle time left out.
 * Usage: node dist/bench/profile-summary.js <file.cpuprofile> [rows]
 */
interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string } }[];
  samples: number[];
  timeDeltas: number[];
}

function categoryOf({ functionName, url }: { functionName: string; url: string }): string {
  if (["(idle)", "(garbage collector)", "(program)"].includes(functionName)) return functionName;
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1];
  if (url.startsWith("node:")) return `node:${url.slice(5).split("/")[0]}`;
  if (url.includes("/dist/server/"))
    return `ours: ${url.split("/dist/server/")[1].split("/").slice(0, 2).join("/")}`;
  return url || `native: ${functionName}`;
}

const [file, rows = "25"] = process.argv.slice(2);
const profile = JSON.parse(readFileSync(file, "utf8")) as CpuProfile;
const frames = new Map(profile.nodes.map((n) => [n.id, n.callFrame]));
const byCategory = new Map<string, number>();
let total = 0;
profile.samples.forEach((id, i) => {
  const spent = profile.timeDeltas[i] ?? 0;
  const category = categoryOf(frames.get(id)!);
  byCategory.set(category, (byCategory.get(category) ?? 0) + spent);
  total += spent;
});
const busy = total - (byCategory.get("(idle)") ?? 0);
process.stdout.write(`${(total / 1e6).toFixed(1)} s profiled, ${(busy / 1e6).toFixed(1)} s busy\n`);
for (const [category, spent] of [...byCategory]
  .filter(([c]) => c !== "(idle)")
  .sort((a, b) => b[1] - a[1])
  .slice(0, Number(rows)))
  process.stdout.write(`${((100 * spent) / busy).toFixed(1).padStart(5)} %  ${category}\n`);
