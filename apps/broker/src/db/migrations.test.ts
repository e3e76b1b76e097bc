/**
 * Migrations that move data, on the database kind under test: a database made by the migrations before
 * one (named by its tag without the number, which merges renumber) with data in it, then brought up to date.
 * branches_pins_search drops the conversations nobody said anything in and
 * makes every other conversation's session its first branch.
 */
import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { PGlite } from "@electric-sql/pglite";
import { drizzle as drizzleNodePg } from "drizzle-orm/node-postgres";
import { migrate as migrateNodePg } from "drizzle-orm/node-postgres/migrator";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { createTestDatabase, testDbKind } from "../test/database.ts";

const folder = fileURLToPath(new URL("../../drizzle", import.meta.url));
const cleanups: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

/** A copy of the migrations folder that stops before the migration whose tag ends with `stopBefore`. */
async function migrationsUpTo(stopBefore: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "migrations-"));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  await cp(folder, dir, { recursive: true });
  const journalPath = join(dir, "meta", "_journal.json");
  const journal = JSON.parse(await readFile(journalPath, "utf8")) as { entries: Array<{ tag: string }> };
  const end = journal.entries.findIndex((e) => e.tag.endsWith(stopBefore));
  journal.entries = journal.entries.slice(0, end);
  await writeFile(journalPath, JSON.stringify(journal));
  return dir;
}

/** Raw SQL and "migrate with this folder" on the database kind under test. */
async function openRaw() {
  if (testDbKind() === "postgres") {
    const database = await createTestDatabase();
    const pool = new pg.Pool({ connectionString: database.url });
    cleanups.push(async () => {
      await pool.end();
      await database.drop();
    });
    const db = drizzleNodePg(pool);
    return {
      query: async (text: string, values: unknown[] = []) => (await pool.query(text, values)).rows,
      migrate: (migrationsFolder: string) => migrateNodePg(db, { migrationsFolder }),
    };
  }
  const client = new PGlite();
  cleanups.push(() => client.close());
  const db = drizzlePglite(client);
  return {
    query: async (text: string, values: unknown[] = []) =>
      (await client.query<Record<string, unknown>>(text, values)).rows,
    migrate: (migrationsFolder: string) => migratePglite(db, { migrationsFolder }),
  };
}

describe("branches_pins_search: branches, pins, search", () => {
  it("drops empty conversations with their events and makes every other session a first branch", async () => {
    const raw = await openRaw();
    await raw.migrate(await migrationsUpTo("_branches_pins_search"));
    const now = new Date().toISOString();
    await raw.query(
      `insert into users (id, email, display_name, role, created_at, updated_at)
       values ('u1', 'u@example.com', 'U', 'user', $1, $1)`,
      [now],
    );
    for (const [id, session] of [
      ["c-said", "s-said"],
      ["c-empty", "s-empty"],
      ["c-empty-2", "s-empty-2"],
    ]) {
      await raw.query(
        `insert into conversations (id, user_id, title, session_id, created_at, updated_at)
         values ($1, 'u1', 'New conversation', $2, $3, $3)`,
        [id, session, now],
      );
    }
    await raw.query(
      `insert into turns (session_id, turn_id, first_seq, prompt, response, status, started_at)
       values ('s-said', 't1', 1, 'hello', 'hi', 'complete', $1)`,
      [now],
    );
    // An empty conversation's session may have turnless events (a refused frame): they go with it.
    await raw.query(
      `insert into events (session_id, seq, type, message, received_at) values ('s-empty', 1, 'error', '{}', $1)`,
      [now],
    );

    await raw.migrate(folder);

    expect((await raw.query("select id from conversations order by id")).map((r) => r.id)).toEqual([
      "c-said",
    ]);
    expect(await raw.query("select count(*)::int as n from events")).toEqual([{ n: 0 }]);
    const branches = await raw.query(
      "select conversation_id, session_id, parent_branch_id, fork_turn_id from conversation_branches",
    );
    expect(branches).toEqual([
      { conversation_id: "c-said", session_id: "s-said", parent_branch_id: null, fork_turn_id: null },
    ]);
    expect(await raw.query("select pinned_at from conversations")).toEqual([{ pinned_at: null }]);
  });
});
