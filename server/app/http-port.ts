import http from "node:http";
import type { AddressInfo } from "node:net";
import { StartupError } from "../shared/startup-error";

/** The HTTP port, bound before anything else starts; requests are answered 503 until `serve` hands them on. */
export interface BoundPort {
  server: http.Server;
  port: number;
  /** This server's GraphQL URL. */
  url: string;
  /** From now on `handler` answers every request. */
  serve(handler: http.RequestListener): void;
  close(): Promise<void>;
}

/**
 * Binds `port` (0 picks a free one). The platform binds first so that a second server on a busy port
 * stops before it touches the database. Throws a StartupError naming PORT when the port is taken
 * or not allowed.
 */
export async function bindPort(port: number): Promise<BoundPort> {
  const starting: http.RequestListener = (_req, res) =>
    void res
      .writeHead(503, { "content-type": "application/json; charset=utf-8", "retry-after": "2" })
      .end(
        JSON.stringify({
          errors: [
            {
              message: "the server is starting; retry shortly",
              extensions: { code: "SERVICE_UNAVAILABLE", retryable: true },
            },
          ],
        }),
      );
  const server = http.createServer(starting);
  await new Promise<void>((resolve, reject) => {
    server.once("error", (error: NodeJS.ErrnoException) => reject(portError(port, error)));
    server.listen(port, () => resolve());
  });
  const bound = (server.address() as AddressInfo).port;
  return {
    server,
    port: bound,
    url: `http://localhost:${bound}/graphql`,
    serve: (handler) => {
      server.off("request", starting);
      server.on("request", handler);
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

function portError(port: number, error: NodeJS.ErrnoException): Error {
  if (error.code === "EADDRINUSE") {
    return new StartupError(
      `port ${port} is already in use (PORT=${port}): another program, perhaps this platform's server, listens there; stop it, or set PORT to a free port (PORT=0 picks one)`,
    );
  }
  if (error.code === "EACCES")
    return new StartupError(
      `port ${port} may not be used by this user (PORT=${port}): choose a port above 1023`,
    );
  return error;
}
