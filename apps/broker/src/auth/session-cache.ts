/**
 * A short-lived in-process cache of validated sessions, so the hot path (minting a URL) does not hit the
 * database for the session on every request. Logout, password change, disabling and role changes drop a
 * user's entries at once in this process, and every other broker on the database drops them when the
 * change's notification arrives (revocation/notify.ts: milliseconds; while a broker is not listening it
 * caches nothing). Entries also expire after CACHE_MS, which bounds how stale a session's last-seen time and
 * anything changed behind the broker's back (by hand in SQL) can be.
 *
 * A lookup that read the database before a revocation never caches its answer after it (RevocableCache).
 * Revoking code drops again once its write has committed, which covers reads that started between the first
 * drop and the commit.
 */
import { perDatabase, RevocableCache } from "../cache/revocable-cache.ts";
import type { SessionUser } from "./session-user.ts";

export const CACHE_MS = 5_000;
const MAX_ENTRIES = 50_000;

interface Entry {
  user: SessionUser;
  lastSeenAt: number;
  expiresAt: number;
  cachedAt: number;
}

export class SessionCache {
  private readonly cache = new RevocableCache<Entry>(MAX_ENTRIES);

  /** Note this before reading a session from the database; pass it to set(). */
  get readGeneration(): number {
    return this.cache.readGeneration;
  }

  get(tokenHash: string, now: number, idleMs: number): SessionUser | undefined {
    const e = this.cache.get(tokenHash);
    if (!e) return undefined;
    if (e.cachedAt + CACHE_MS <= now || e.expiresAt <= now || e.lastSeenAt + idleMs <= now) {
      this.cache.expire(tokenHash);
      return undefined;
    }
    return e.user;
  }

  /** Caches `entry` unless something was dropped since `readGeneration` was noted. */
  set(tokenHash: string, entry: Entry, readGeneration: number): void {
    this.cache.set(tokenHash, entry, readGeneration);
  }

  /** See RevocableCache.setEnabled: on while this process hears every broker's revocations. */
  setEnabled(enabled: boolean): void {
    this.cache.setEnabled(enabled);
  }

  drop(tokenHash: string): void {
    this.cache.revoke(tokenHash);
  }

  dropUser(userId: string): void {
    this.cache.revokeWhere((e) => e.user.id === userId);
  }
}

/** One cache per database handle (tests run several brokers in one process). */
export const sessionCacheFor = perDatabase(() => new SessionCache());
