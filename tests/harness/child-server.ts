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

/**
 * Starts the built server on `env` (DATABASE_URL or PGLITE_DATA_DIR given by the caller) and resolves
 * once it listens. `viaNpm`: as `npm start` runs it (without its rebuild), in a process group of its
 * own, so that a test can signal npm alone or the whole group as a terminal's Ctrl-C does.
 */
export async function startChildServer(
  env: Record<string, string>,
  port?: number,
  viaNpm = false,
): Promise<ChildServer> {
  const server = spawnChildServer(env, port ?? (await freePort()), viaNpm);
  await new Promise<void>((resolve, reject) => {
    const onData = () =>
      server.output().includes("GraphQL at") &&
      (server.process.stdout!.off("data", onData), resolve());
    server.process.stdout!.on("data", onData);
    void server.exited.then((code) =>
      reject(new Error(`server exited (${code}) before listening:\n${server.output()}`)),
    );
  });
  return server;
}

/** Runs the built server where it must refuse to start: resolves with its exit code and output, rejects if it serves. */
export async function refusedChildServer(
  env: Record<string, string>,
  port?: number,
): Promise<{ code: number | null; output: string }> {
  const server = spawnChildServer(env, port ?? (await freePort()));
  return new Promise((resolve, reject) => {
    server.process.stdout!.on("data", () => {
      if (!server.output().includes("GraphQL at")) return;
      server.process.kill("SIGKILL");
      reject(new Error(`the server started instead of refusing:\n${server.output()}`));
    });
    void server.exited.then((code) => resolve({ code, output: server.output() }));
  });
}

/** Spawns the built server and returns at once, for tests that act while it starts. */
export function spawnChildServer(
  env: Record<string, string>,
  port: number,
  viaNpm = false,
): ChildServer {
  const root = join(__dirname, "..", "..");
  const [command, args] = viaNpm
    ? ["npm", ["start", "--ignore-scripts"]]
    : ["node", [join(root, "dist", "server", "main.js")]];
  const child = spawn(command, args, {
    cwd: root,
    detached: viaNpm,
    env: {
      ...process.env,
      NODE_ENV: "test",
      LOG_LEVEL: "warn",
      JWT_SECRET: process.env.QN_TEST_JWT_SECRET!,
      SEED_DEMO_DATA: "false",
      RATE_LIMIT_PER_MINUTE: "1000000",
      ...env,
      PORT: String(port),
    },
  });
  let output = "";
  child.stdout!.on("data", (c) => (output += String(c)));
  child.stderr!.on("data", (c) => (output += String(c)));
  const exited = new Promise<number | null>((resolve) =>
    child.once("exit", (code) => resolve(code)),
  );
  return {
    port,
    url: `http://localhost:${port}/graphql`,
    process: child,
    exited,
    output: () => output,
  };
}
