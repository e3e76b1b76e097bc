/**
 * Opens the database and applies the versioned migrations: PGlite (embedded PostgreSQL, file-backed under
 * the data directory, locked to this process) by default, PostgreSQL through `pg` when DATABASE_URL is set.
 * Both share one schema and one migration history, so everything above this file is written once; the few
 * things the two drivers do differently (raw SQL in pg's shape, LISTEN) are here.
 */
import { existsSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { PGlite } from "@electric-sql/pglite";
import { drizzle as drizzleNodePg } from "drizzle-orm/node-postgres";
import { migrate as migrateNodePg } from "drizzle-orm/node-postgres/migrator";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import pg from "pg";
import type { Logger } from "pino";
import { lockDatabaseDir } from "./data-dir-lock.ts";
import { listenPostgres, type Unlisten } from "./notifications.ts";
import * as schema from "./schema.ts";

export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;

/** A raw query as node-postgres takes it (`name` prepares it once per connection on PostgreSQL). */
export interface SqlQuery {
  name?: string;
  text: string;
  values?: unknown[];
}

/** What rate-limiter-flexible's Postgres store needs from a client: pg's `query()` and its result shape. */
export interface SqlClient {
  query(q: SqlQuery): Promise<{ rows: Record<string, unknown>[]; rowCount: number | null }>;
}

export interface Database {
  db: Db;
  kind: "pglite" | "postgres";
  /** The embedded client, for what only PGlite offers (COPY from a Blob); undefined on PostgreSQL. */
  pglite?: PGlite;
  /** Raw SQL on the same database, in node-postgres's shape. */
  sql: SqlClient;
  /**
   * Calls `onMessage` with the payload of every NOTIFY on `channel`, from this process or another one on the
   * same database. `onListening(false)` means notifications may be missed until `onListening(true)`.
   */
  listen(
    channel: string,
    onMessage: (payload: string) => void,
    onListening: (listening: boolean) => void,
  ): Promise<Unlisten>;
  close(): Promise<void>;
}

/** The migrations folder: beside src/ when run from source, beside dist/ when bundled. */
function migrationsFolder(): string {
  for (const rel of ["../../drizzle", "../drizzle", "./drizzle"]) {
    const dir = fileURLToPath(new URL(rel, import.meta.url));
    if (existsSync(join(dir, "meta", "_journal.json"))) return dir;
  }
  throw new Error("broker migrations folder (drizzle/) not found beside the code");
}

export interface OpenOptions {
  databaseUrl?: string | undefined;
  /** PGlite's directory; undefined means in memory. */
  pgliteDir?: string | undefined;
  log: Logger;
}

export async function openDatabase(opts: OpenOptions): Promise<Database> {
  const folder = migrationsFolder();
  const { databaseUrl, log } = opts;
  if (databaseUrl) {
    const pool = new pg.Pool({ connectionString: databaseUrl, max: 10 });
    // An idle connection the server ends (a restart, a failover, an administrator) is an 'error' event on
    // the pool; without a listener Node would treat it as uncaught and end the broker. The pool replaces it.
    pool.on("error", (err) => log.warn({ err: err.message }, "an idle database connection was closed"));
    const db = drizzleNodePg(pool, { schema });
    await migrateNodePg(db, { migrationsFolder: folder });
    return {
      db: db as unknown as Db,
      kind: "postgres",
      sql: pool,
      listen: (channel, onMessage, onListening) =>
        listenPostgres(databaseUrl, channel, onMessage, onListening, log),
      close: () => pool.end(),
    };
  }
  let release: (() => Promise<void>) | undefined;
  if (opts.pgliteDir) {
    await mkdir(opts.pgliteDir, { recursive: true });
    release = await lockDatabaseDir(opts.pgliteDir, (err) =>
      log.error({ err: err.message }, "the lock on the embedded database was lost"),
    );
  }
  try {
    const client = opts.pgliteDir ? new PGlite(opts.pgliteDir) : new PGlite();
    const db = drizzlePglite(client, { schema });
    await migratePglite(db, { migrationsFolder: folder });
    return {
      db: db as unknown as Db,
      kind: "pglite",
      pglite: client,
      sql: {
        // PGlite's own query(), which queues behind the broker's other queries (its node-postgres adapter
        // does not, and would interleave protocol messages with them).
        async query(q) {
          const r = await client.query<Record<string, unknown>>(q.text, q.values);
          return { rows: r.rows, rowCount: Math.max(r.affectedRows ?? 0, r.rows.length) };
        },
      },
      async listen(channel, onMessage, onListening) {
        // One database in this process: nothing to lose, so it listens for as long as it is open.
        const unlisten = await client.listen(channel, onMessage);
        onListening(true);
        return async () => {
          onListening(false);
          await unlisten();
        };
      },
      async close() {
        await client.close();
        await release?.();
      },
    };
  } catch (err) {
    await release?.();
    throw err;
  }
}
