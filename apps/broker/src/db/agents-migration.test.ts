/**
 * The agents registry's migration on a database that already has conversations (the embedded one, or
 * PostgreSQL through scripts/with-postgres.sh): every existing conversation belongs to the built-in agent,
 * which a broker then points at the runtime of its settings.
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
import { afterEach, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase, testDbKind } from "../test/database.ts";

const migrations = fileURLToPath(new URL("../../drizzle", import.meta.url));
const EU_ARN = "arn:aws:bedrock-agentcore:eu-west-1:123456789012:runtime/support_bot-AbCdEf1234";

/** A copy of the migrations folder that stops before the registry's (named by tag: merges renumber). */
async function migrationsBeforeRegistry(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "broker-migrations-"));
  await cp(migrations, dir, { recursive: true });
  const journalPath = join(dir, "meta", "_journal.json");
  const journal = JSON.parse(await readFile(journalPath, "utf8")) as { entries: Array<{ tag: string }> };
  const end = journal.entries.findIndex((e) => e.tag.endsWith("_agents_registry"));
  if (end < 0) throw new Error("no agents_registry migration in the journal");
  journal.entries = journal.entries.slice(0, end);
  await writeFile(journalPath, JSON.stringify(journal));
  return dir;
}

interface Sql {
  query(text: string): Promise<{ rows: Array<Record<string, unknown>> }>;
  migrate(folder: string): Promise<void>;
  close(): Promise<void>;
}

async function open(database: TestDatabase): Promise<Sql> {
  if (database.url) {
    const pool = new pg.Pool({ connectionString: database.url, max: 2 });
    const db = drizzleNodePg(pool);
    return {
      query: (text) => pool.query(text),
      migrate: (folder) => migrateNodePg(db, { migrationsFolder: folder }),
      close: () => pool.end(),
    };
  }
  const client = new PGlite();
  const db = drizzlePglite(client);
  return {
    query: (text) => client.query<Record<string, unknown>>(text),
    migrate: (folder) => migratePglite(db, { migrationsFolder: folder }),
    close: () => client.close(),
  };
}

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe(`the agents registry's migration (${testDbKind()})`, () => {
  it("gives every conversation from before it to the built-in agent", async () => {
    const database = await createTestDatabase();
    cleanups.push(() => database.drop());
    const sql = await open(database);
    cleanups.push(() => sql.close());
    const before = await migrationsBeforeRegistry();
    cleanups.push(() => rm(before, { recursive: true, force: true }));
    await sql.migrate(before);
    await sql.query(
      `insert into users (id, email, display_name, role, created_at, updated_at)
       values ('u1', 'old@example.com', 'Old', 'user', now(), now())`,
    );
    await sql.query(
      `insert into conversations (id, user_id, title, session_id, created_at, updated_at)
       values ('c1', 'u1', 'From before', 'session-from-before-0000000000000000', now(), now())`,
    );
    await sql.migrate(migrations);
    const rows = await sql.query(
      "select c.id, a.name, a.built_in, a.is_default, a.enabled from conversations c join agents a on a.id = c.agent_id",
    );
    expect(rows.rows).toEqual([
      { id: "c1", name: "interject", built_in: true, is_default: true, enabled: true },
    ]);
    // A conversation must name an agent that exists.
    await expect(
      sql.query(
        `insert into conversations (id, user_id, title, session_id, agent_id, created_at, updated_at)
         values ('c2', 'u1', 'x', 'session-two-00000000000000000000000000', 'no-such-agent', now(), now())`,
      ),
    ).rejects.toThrow(/foreign key/);
    // Short names are unique, and there is one default and one built-in agent at most.
    await expect(
      sql.query(
        `insert into agents (id, name, display_name, runtime_arn, region, protocol_level, access, default_trace_level, enabled, is_default, created_at, updated_at)
         values ('a2', 'interject', 'Twin', '${EU_ARN}', 'eu-west-1', 'full', 'everyone', 'milestones', true, false, now(), now())`,
      ),
    ).rejects.toThrow(/agents_name_idx/);
    await expect(
      sql.query(
        `insert into agents (id, name, display_name, runtime_arn, region, protocol_level, access, default_trace_level, enabled, is_default, created_at, updated_at)
         values ('a3', 'second', 'Second', '${EU_ARN}', 'eu-west-1', 'full', 'everyone', 'milestones', true, true, now(), now())`,
      ),
    ).rejects.toThrow(/agents_default_idx/);
  });
});
