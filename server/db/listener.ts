import type { PGlite } from "@electric-sql/pglite";
import { Client } from "pg";

/** A LISTEN subscription: whether its connection is up now, and how to end it. */
export interface Listening {
  connected(): boolean;
  stop(): Promise<void>;
}

/**
 * Calls `onSignal` whenever a NOTIFY arrives on `channel`, and also after the listening connection
 * was re-established (notifications sent while it was down are lost, so the caller must catch up
 * from the database). Reconnects by itself every `retryMs` until it succeeds.
 */
export async function listenOnPostgres(
  url: string,
  channel: string,
  onSignal: () => void,
  retryMs = 1000,
): Promise<Listening> {
  let client: Client | null = null;
  let stopped = false;
  let retry: NodeJS.Timeout | null = null;
  let connecting: Promise<void> | null = null;

  const connect = async (): Promise<void> => {
    const c = new Client({
      connectionString: url,
      application_name: "qn-event-listener",
      keepAlive: true,
    });
    c.on("notification", (n) => n.channel === channel && onSignal());
    c.on("error", () => c.end().catch(() => undefined));
    try {
      await c.connect();
      await c.query(`LISTEN ${channel}`);
    } catch (error) {
      await c.end().catch(() => undefined);
      throw error;
    }
    if (stopped) return void (await c.end().catch(() => undefined));
    c.on("end", () => {
      if (client === c) client = null;
      if (!stopped) scheduleReconnect();
    });
    client = c;
  };
  const scheduleReconnect = () => {
    if (retry || stopped) return;
    retry = setTimeout(() => {
      retry = null;
      connecting = connect().then(
        () => (stopped ? undefined : onSignal()),
        () => scheduleReconnect(),
      );
    }, retryMs);
  };

  await connect();
  return {
    connected: () => client !== null,
    stop: async () => {
      stopped = true;
      if (retry) clearTimeout(retry);
      await connecting;
      await client?.end().catch(() => undefined);
    },
  };
}

/** The same for PGlite, where NOTIFY and LISTEN share the one in-process session. */
export async function listenOnPGlite(
  pglite: PGlite,
  channel: string,
  onSignal: () => void,
): Promise<Listening> {
  const unlisten = await pglite.listen(channel, () => onSignal());
  let up = true;
  return {
    connected: () => up,
    stop: async () => {
      up = false;
      await unlisten();
    },
  };
}
