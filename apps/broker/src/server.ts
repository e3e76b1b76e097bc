/** Starts the broker: open and migrate the database, build services, set up the agents and the admin, listen. */
import type { AddressInfo } from "node:net";
import { join, resolve } from "node:path";
import { serve } from "@hono/node-server";
import type { DestinationStream, Logger } from "pino";
import { bootstrapAgents } from "./agents/bootstrap.ts";
import { createApp } from "./app.ts";
import { purgeExpiredSessions } from "./auth/sessions.ts";
import { bootstrapAdmin } from "./bootstrap-admin.ts";
import type { Services } from "./context.ts";
import { deleteAbandonedConversations } from "./conversations/abandoned.ts";
import { type Database, openDatabase } from "./db/open.ts";
import type { Env } from "./env.ts";
import { createLogger } from "./logger.ts";
import {
  applyRevocation,
  parseRevocation,
  REVOCATION_CHANNEL,
  setRevocableCachesEnabled,
} from "./revocation/notify.ts";
import { buildServices } from "./services.ts";
import { watchEventLoop } from "./stall-watch.ts";

export interface RunningBroker {
  url: string;
  port: number;
  services: Services;
  database: Database;
  log: Logger;
  close(): Promise<void>;
}

export interface StartOptions {
  logDestination?: DestinationStream;
  /** Where the first admin's generated password goes (stdout by default). */
  print?: (line: string) => void;
  /** Keep PGlite in memory instead of under the data directory (tests). */
  inMemory?: boolean;
}

export async function startBroker(env: Env, opts: StartOptions = {}): Promise<RunningBroker> {
  const log = createLogger(env.LOG_LEVEL, opts.logDestination);
  const database = await openDatabase({
    databaseUrl: env.DATABASE_URL,
    pgliteDir: opts.inMemory ? undefined : join(resolve(env.INTERJECT_DATA_DIR), "broker-db"),
    log,
  });
  // Revocations made by any broker on this database (this one included) reach this process's caches; while
  // the subscription is down the caches hold nothing (see cache/revocable-cache.ts).
  const unlisten = await database.listen(
    REVOCATION_CHANNEL,
    (payload) => {
      const revocation = parseRevocation(payload);
      if (revocation) applyRevocation(database.db, revocation);
      else log.warn("ignored a malformed revocation notification");
    },
    (listening) => setRevocableCachesEnabled(database.db, listening),
  );
  let services: Services;
  try {
    services = await buildServices(env, database, log);
    await bootstrapAgents(database.db, env, services.audit, log);
    await bootstrapAdmin(database.db, env, log, opts.print);
  } catch (err) {
    // Let go of the database (and the embedded one's lock) before reporting why start-up failed.
    await unlisten();
    await database.close();
    throw err;
  }
  if (!env.BROKER_INGEST_TOKEN) log.warn("BROKER_INGEST_TOKEN is not set: the agent cannot report events");
  const app = createApp(services);
  // Expired sessions are refused when presented; this sweep also removes the ones nobody presents again,
  // and the conversations whose first message never reached the agent (conversations/abandoned.ts).
  const sweep = setInterval(() => {
    purgeExpiredSessions(database.db, services.sessionPolicy).catch((err: Error) =>
      log.warn({ err: err.message }, "could not purge expired sessions"),
    );
    deleteAbandonedConversations(database.db, Date.now()).then(
      (count) => {
        if (count > 0) log.info({ count }, "deleted conversations nobody said anything in");
      },
      (err: Error) => log.warn({ err: err.message }, "could not delete abandoned conversations"),
    );
  }, 10 * 60_000);
  sweep.unref();
  const unwatch = watchEventLoop(log);
  const server = serve({ fetch: app.fetch, port: env.PORT, hostname: env.HOST });
  await new Promise<void>((ok, fail) => {
    server.once("listening", ok);
    server.once("error", fail);
  });
  const port = (server.address() as AddressInfo).port;
  log.info({ port, database: database.kind, runtime: env.AGENTCORE_ENDPOINT }, "broker listening");
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    services,
    database,
    log,
    async close() {
      clearInterval(sweep);
      unwatch();
      await new Promise<void>((ok) => server.close(() => ok()));
      await services.audit.flush();
      services.stopper.close();
      await unlisten();
      await database.close();
    },
  };
}
