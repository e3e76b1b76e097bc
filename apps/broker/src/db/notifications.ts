/**
 * LISTEN on a PostgreSQL channel from a connection of its own, kept open for the broker's life. Pooled
 * connections cannot listen (a notification goes to the session that listened), so this is one pg.Client.
 * When it breaks, `onListening(false)` says that notifications may have been missed until it is back
 * (`onListening(true)`), and it reconnects every second.
 */
import pg from "pg";
import type { Logger } from "pino";

const RECONNECT_MS = 1_000;

export type Unlisten = () => Promise<void>;

export function listenPostgres(
  connectionString: string,
  channel: string,
  onMessage: (payload: string) => void,
  onListening: (listening: boolean) => void,
  log: Logger,
): Promise<Unlisten> {
  let client: pg.Client | undefined;
  // Until the first LISTEN succeeds a failure is the caller's to handle (start-up fails); no retries.
  let started = false;
  let stopped = false;
  let retry: NodeJS.Timeout | undefined;

  const lost = (c: pg.Client, err?: Error) => {
    if (client !== c) return;
    client = undefined;
    onListening(false);
    c.end().catch(() => {});
    if (stopped || !started) return;
    log.warn({ err: err?.message, channel }, "lost the notification connection; reconnecting");
    retry = setTimeout(() => void connect().catch(() => {}), RECONNECT_MS);
    retry.unref();
  };

  const connect = async (): Promise<void> => {
    const c = new pg.Client({ connectionString, keepAlive: true });
    client = c;
    c.on("error", (err) => lost(c, err));
    c.on("end", () => lost(c));
    c.on("notification", (msg) => {
      if (msg.channel === channel && msg.payload !== undefined) onMessage(msg.payload);
    });
    try {
      await c.connect();
      await c.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
    } catch (err) {
      lost(c, err as Error);
      throw err;
    }
    if (client === c) onListening(true);
  };

  return connect().then(() => {
    started = true;
    return async () => {
      stopped = true;
      if (retry) clearTimeout(retry);
      const c = client;
      client = undefined;
      onListening(false);
      await c?.end().catch(() => {});
    };
  });
}
