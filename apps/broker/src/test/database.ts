/**
 * Test database choice: INTERJECT_TEST_DB=postgres (with DATABASE_URL, e.g. from scripts/with-postgres.sh)
 * gives each broker its own fresh PostgreSQL database; otherwise each broker gets an in-memory PGlite.
 */
import { randomBytes } from "node:crypto";
import pg from "pg";

export const testDbKind = (): "postgres" | "pglite" =>
  process.env.INTERJECT_TEST_DB === "postgres" ? "postgres" : "pglite";

export interface TestDatabase {
  url: string | undefined;
  drop(): Promise<void>;
}

export async function createTestDatabase(): Promise<TestDatabase> {
  if (testDbKind() !== "postgres") return { url: undefined, drop: async () => {} };
  const base = process.env.DATABASE_URL;
  if (!base)
    throw new Error("INTERJECT_TEST_DB=postgres needs DATABASE_URL (run through scripts/with-postgres.sh)");
  const name = `broker_test_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(base);
  url.pathname = `/${name}`;
  return {
    url: url.href,
    async drop() {
      const c = new pg.Client({ connectionString: base });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}
