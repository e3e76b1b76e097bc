/**
 * A short-lived in-process cache of validated sessions, so the hot path (minting a URL) does not hit the
 * database for the session on every request. Entries live at most CACHE_MS; logout, password change,
 * disabling and role changes drop a user's entries at once in this process. Another broker process sharing
 * the database sees such a change within CACHE_MS (documented in README.md).
 *
 * A lookup that read the database before a revocation must not put its answer in the cache after the
 * revocation dropped the entries (on PostgreSQL the read and the revoking write run on different pooled
 * connections, so this happens): every drop advances a generation, a lookup notes the generation before it
 * reads, and set() refuses an entry read in an older generation. Revoking code drops again once its write
 * has committed, which covers reads that started between the first drop and the commit.
 */
import type { SessionUser } from "./sessions.ts";

export const CACHE_MS = 5_000;
const MAX_ENTRIES = 50_000;

interface Entry {
  user: SessionUser;
  lastSeenAt: number;
  expiresAt: number;
  cachedAt: number;
}

export class SessionCache {
  private readonly entries = new Map<string, Entry>();
  private generation = 0;

  /** Note this before reading a session from the database; pass it to set(). */
  get readGeneration(): number {
    return this.generation;
  }

  get(tokenHash: string, now: number, idleMs: number): SessionUser | undefined {
    const e = this.entries.get(tokenHash);
    if (!e) return undefined;
    if (e.cachedAt + CACHE_MS <= now || e.expiresAt <= now || e.lastSeenAt + idleMs <= now) {
      this.entries.delete(tokenHash);
      return undefined;
    }
    return e.user;
  }

  /** Caches `entry` unless something was dropped since `readGeneration` was noted. */
  set(tokenHash: string, entry: Entry, readGeneration: number): void {
    if (readGeneration !== this.generation) return;
    if (this.entries.size >= MAX_ENTRIES) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    this.entries.set(tokenHash, entry);
  }

  drop(tokenHash: string): void {
    this.generation++;
    this.entries.delete(tokenHash);
  }

  dropUser(userId: string): void {
    this.generation++;
    for (const [key, e] of this.entries) if (e.user.id === userId) this.entries.delete(key);
  }
}

const caches = new WeakMap<object, SessionCache>();

/** One cache per database handle (tests run several brokers in one process). */
export function sessionCacheFor(db: object): SessionCache {
  let cache = caches.get(db);
  if (!cache) {
    cache = new SessionCache();
    caches.set(db, cache);
  }
  return cache;
}
