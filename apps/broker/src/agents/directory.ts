/**
 * Every agent of the registry, kept in memory for the minting hot path: the registry is a few rows, read whole
 * and replaced whole. A change made by any broker on the database (this one too) is announced with the
 * revocation notification `{ kind: "agents" }` (revocation/notify.ts), on which every broker drops its copy, so
 * a disabled agent is refused everywhere within milliseconds. While this process is not listening for those
 * notifications it keeps no copy and reads the table each time, as the other revocable caches do.
 *
 * A read that started before a change never installs its (stale) rows after it: each change advances a
 * generation, and a read installs its rows only if the generation is still the one it started in.
 */
import { asc } from "drizzle-orm";
import type { Db } from "../db/open.ts";
import { agents } from "../db/schema.ts";

export type AgentRow = typeof agents.$inferSelect;

export class AgentDirectory {
  private rows: readonly AgentRow[] | undefined;
  /** The rows of the last read, cached or not (for what may lag a moment, such as the CSP's origins). */
  private lastRead: readonly AgentRow[] = [];
  private reading: { generation: number; rows: Promise<readonly AgentRow[]> } | undefined;
  private generation = 0;
  private enabled = false;

  constructor(private readonly db: Db) {}

  /** Every agent, by display name, from memory when this process hears every change, else from the table. */
  all(): Promise<readonly AgentRow[]> {
    if (this.enabled && this.rows) return Promise.resolve(this.rows);
    const generation = this.generation;
    // One read at a time per generation: a burst of mints after a change shares it.
    if (this.reading?.generation === generation) return this.reading.rows;
    const rows = this.db
      .select()
      .from(agents)
      .orderBy(asc(agents.displayName), asc(agents.id))
      .then((read) => {
        this.lastRead = read;
        if (this.enabled && generation === this.generation) this.rows = read;
        return read;
      })
      .finally(() => {
        if (this.reading?.rows === rows) this.reading = undefined;
      });
    this.reading = { generation, rows };
    return rows;
  }

  /**
   * Every agent as last read from the table, at once, without waiting for a query: after a change it is the
   * previous read while a new one (started here) is under way.
   */
  latest(): readonly AgentRow[] {
    if (this.rows) return this.rows;
    this.all().catch(() => {
      // A failed read is the next lookup's to report; this one only refreshes.
    });
    return this.lastRead;
  }

  /** The registry changed: the next lookup reads it again. */
  invalidate(): void {
    this.generation++;
    this.rows = undefined;
  }

  /** See RevocableCache.setEnabled: a copy is kept only while this process hears every broker's changes. */
  setEnabled(enabled: boolean): void {
    this.invalidate();
    this.enabled = enabled;
  }
}

const directories = new WeakMap<Db, AgentDirectory>();

/** The directory of one database handle (tests run several brokers in one process). */
export function agentDirectoryFor(db: Db): AgentDirectory {
  let directory = directories.get(db);
  if (!directory) {
    directory = new AgentDirectory(db);
    directories.set(db, directory);
  }
  return directory;
}
