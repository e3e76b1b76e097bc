/**
 * openDatabase on PostgreSQL survives the server ending its idle connections (a restart, a failover, an
 * administrator's pg_terminate_backend): the pool replaces them, and nothing becomes an uncaught error that
 * would end the broker. PGlite has no server to lose, so the test runs on PostgreSQL only.
 */
import pg from "pg";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase, testDbKind } from "../test/database.ts";
import { type Database, openDatabase } from "./open.ts";

describe.runIf(testDbKind() === "postgres")("openDatabase on PostgreSQL", () => {
  let testDb: TestDatabase;
  let database: Database;
  beforeAll(async () => {
    testDb = await createTestDatabase();
    database = await openDatabase({ databaseUrl: testDb.url, log: pino({ level: "silent" }) });
  });
  afterAll(async () => {
    await database.close();
    await testDb.drop();
  });

  it("keeps answering after the server terminates its idle connections", async () => {
    const query = { text: "select 1 as one", values: [] };
    // Two queries at once leave two idle connections in the pool.
    await Promise.all([database.sql.query(query), database.sql.query(query)]);
    const admin = new pg.Client({ connectionString: testDb.url });
    await admin.connect();
    const { rows } = await admin.query(
      "select count(pg_terminate_backend(pid))::int as ended from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()",
    );
    await admin.end();
    expect(rows[0].ended).toBeGreaterThan(0);
    // Let the terminations reach the pool's idle clients (each becomes an 'error' event).
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect((await database.sql.query(query)).rows).toEqual([{ one: 1 }]);
  });
});
