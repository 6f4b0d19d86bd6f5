import { spawn, type ChildProcess } from "node:child_process";
import net from "node:net";
import { join } from "node:path";

/** The built server (dist/server/main.js) in a process of its own, as operators run it. */
export interface ChildServer {
  port: number;
  url: string;
  process: ChildProcess;
  /** Resolves with the exit code (null when killed by a signal). */
  exited: Promise<number | null>;
  output(): string;
}

export const freePort = () =>
  new Promise<number>((resolve) => {
    const s = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });

/** Starts the built server on `env` (DATABASE_URL or PGLITE_DATA_DIR given by the caller) and resolves once it listens. */
export async function startChildServer(env: Record<string, string>, port?: number): Promise<ChildServer> {
  const listenPort = port ?? (await freePort());
  const child = spawn("node", [join(__dirname, "..", "..", "dist", "server", "main.js")], {
    env: { ...process.env, NODE_ENV: "test", LOG_LEVEL: "warn", JWT_SECRET: process.env.QN_TEST_JWT_SECRET!, SEED_DEMO_DATA: "false", RATE_LIMIT_PER_MINUTE: "1000000", ...env, PORT: String(listenPort) },
  });
  let output = "";
  child.stdout!.on("data", (c) => (output += String(c)));
  child.stderr!.on("data", (c) => (output += String(c)));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    const onData = () => output.includes("GraphQL at") && (child.stdout!.off("data", onData), resolve());
    child.stdout!.on("data", onData);
    void exited.then((code) => reject(new Error(`server exited (${code}) before listening:\n${output}`)));
  });
  return { port: listenPort, url: `http://localhost:${listenPort}/graphql`, process: child, exited, output: () => output };
}
