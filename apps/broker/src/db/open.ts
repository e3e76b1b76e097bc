/**
 * Opens the database and applies the versioned migrations: PGlite (embedded PostgreSQL, file-backed under
 * the data directory) by default, PostgreSQL through `pg` when DATABASE_URL is set. Both share one schema and
 * one migration history, so everything above this file is written once.
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
import * as schema from "./schema.ts";

export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;

export interface Database {
  db: Db;
  kind: "pglite" | "postgres";
  /** The embedded client, for what only PGlite offers (COPY from a Blob); undefined on PostgreSQL. */
  pglite?: PGlite;
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
}

export async function openDatabase(opts: OpenOptions): Promise<Database> {
  const folder = migrationsFolder();
  if (opts.databaseUrl) {
    const pool = new pg.Pool({ connectionString: opts.databaseUrl, max: 10 });
    const db = drizzleNodePg(pool, { schema });
    await migrateNodePg(db, { migrationsFolder: folder });
    return { db: db as unknown as Db, kind: "postgres", close: () => pool.end() };
  }
  if (opts.pgliteDir) await mkdir(opts.pgliteDir, { recursive: true });
  const client = opts.pgliteDir ? new PGlite(opts.pgliteDir) : new PGlite();
  const db = drizzlePglite(client, { schema });
  await migratePglite(db, { migrationsFolder: folder });
  return { db: db as unknown as Db, kind: "pglite", pglite: client, close: () => client.close() };
}
