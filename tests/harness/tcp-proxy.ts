import net from "node:net";
import type { AddressInfo } from "node:net";

/** A TCP proxy in front of a local port, whose connections a test can cut at will. */
export interface TcpProxy {
  port: number;
  /** Connections accepted so far. */
  readonly connections: number;
  /** Destroys every open connection (the listener stays up, so clients can reconnect). */
  cut(): void;
  /** Forwards new connections to another port from now on. */
  retarget(port: number): void;
  /** Cuts every connection and refuses new ones until `up`. */
  down(): void;
  up(): void;
  close(): Promise<void>;
}

export async function startTcpProxy(initialTarget: number): Promise<TcpProxy> {
  const sockets = new Set<net.Socket>();
  let connections = 0;
  let targetPort = initialTarget;
  let refusing = false;
  const server = net.createServer((client) => {
    if (refusing) return void client.destroy();
    connections += 1;
    const upstream = net.connect(targetPort, "127.0.0.1");
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on("close", () => sockets.delete(s));
      s.on("error", () => undefined);
    }
    client.pipe(upstream).pipe(client);
    client.on("close", () => upstream.destroy());
    upstream.on("close", () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const cut = () => {
    for (const s of sockets) s.destroy();
  };
  return {
    port: (server.address() as AddressInfo).port,
    get connections() {
      return connections;
    },
    cut,
    retarget: (port) => {
      targetPort = port;
    },
    down: () => {
      refusing = true;
      cut();
    },
    up: () => {
      refusing = false;
    },
    close: () =>
      new Promise<void>((resolve) => {
        cut();
        server.close(() => resolve());
      }),
  };
}
