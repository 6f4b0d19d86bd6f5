import http from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { build } from "esbuild";
import { WebSocket, WebSocketServer } from "ws";
import { createClient } from "../client-sdk/src/client";

// The SDK as the web app uses it: no Node-only module in its browser bundle, the WebSocket class
// chosen by the caller, and the user's language on both transports.
describe("the client SDK in a browser", () => {
  it("bundles for the browser without ws or any Node built-in", async () => {
    const result = await build({
      entryPoints: [join(__dirname, "..", "client-sdk", "src", "browser.ts")],
      bundle: true,
      write: false,
      platform: "browser",
      format: "esm",
      metafile: true,
      logLevel: "silent",
    });
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.filter((path) => /node_modules\/ws\/|^node:/.test(path))).toEqual([]);
    expect(inputs.some((path) => path.includes("graphql-ws"))).toBe(true);
  });

  it("sends the language as accept-language on HTTP and as `language` in connection_init, over the WebSocket class it is given", async () => {
    const seen: { acceptLanguage?: string; init?: Record<string, unknown> } = {};
    const server = http.createServer((req, res) => {
      seen.acceptLanguage = req.headers["accept-language"];
      res.setHeader("content-type", "application/json");
      res.end(JSON.stringify({ data: { latestTaskEventCursor: "c0" } }));
    });
    const wss = new WebSocketServer({ server });
    const initReceived = new Promise<void>((resolve) =>
      wss.on("connection", (socket) =>
        socket.on("message", (raw) => {
          const message = JSON.parse(String(raw)) as {
            type: string;
            payload?: Record<string, unknown>;
          };
          if (message.type !== "connection_init") return;
          seen.init = message.payload;
          socket.send(JSON.stringify({ type: "connection_ack" }));
          resolve();
        }),
      ),
    );
    await new Promise<void>((resolve) => server.listen(0, resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
    let constructed = 0;
    class CountingWebSocket extends WebSocket {
      constructor(address: string, protocols?: string | string[]) {
        super(address, protocols);
        constructed++;
      }
    }
    const client = createClient({
      url,
      token: "t",
      language: "vi",
      webSocketImpl: CountingWebSocket,
    });
    try {
      const subscription = client.taskUpdated({ wardCode: "21550" });
      void subscription.next();
      await initReceived;
      expect(seen.acceptLanguage).toBe("vi");
      expect(seen.init).toEqual({ authorization: "Bearer t", language: "vi" });
      expect(constructed).toBe(1);
    } finally {
      await client.dispose();
      wss.close();
      server.close();
    }
  });
});
