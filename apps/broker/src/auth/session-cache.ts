/**
 * A short-lived in-process cache of validated sessions, so the hot path (minting a URL) does not hit the
 * database for the session on every request. Entries live at most CACHE_MS; logout, password change,
 * disabling and role changes drop a user's entries at once in this process. Another broker process sharing
 * the database sees such a change within CACHE_MS (documented in README.md).
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

  get(tokenHash: string, now: number, idleMs: number): SessionUser | undefined {
    const e = this.entries.get(tokenHash);
    if (!e) return undefined;
    if (e.cachedAt + CACHE_MS <= now || e.expiresAt <= now || e.lastSeenAt + idleMs <= now) {
      this.entries.delete(tokenHash);
      return undefined;
    }
    return e.user;
  }

  set(tokenHash: string, entry: Entry): void {
    if (this.entries.size >= MAX_ENTRIES) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    this.entries.set(tokenHash, entry);
  }

  drop(tokenHash: string): void {
    this.entries.delete(tokenHash);
  }

  dropUser(userId: string): void {
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
