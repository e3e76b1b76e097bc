/**
 * Which user owns a conversation, which runtime session id it has and which agent it talks to never change,
 * so the minting hot path keeps them in memory for a few seconds instead of asking the database on every
 * request.
 * Deleting a conversation drops it at once in this process and, through its notification, in every other
 * broker on the database (revocation/notify.ts).
 *
 * As in the session cache, a read that started before a deletion never caches the row after it
 * (RevocableCache).
 */
import { perDatabase, RevocableCache } from "../cache/revocable-cache.ts";

const CACHE_MS = 5_000;
const MAX_ENTRIES = 50_000;

interface Entry {
  userId: string;
  sessionId: string;
  agentId: string;
  at: number;
}

const cacheFor = perDatabase(() => new RevocableCache<Entry>(MAX_ENTRIES));

export function cachedOwner(db: object, id: string, now: number): Entry | undefined {
  const cache = cacheFor(db);
  const e = cache.get(id);
  if (e && e.at + CACHE_MS > now) return e;
  if (e) cache.expire(id);
  return undefined;
}

/** Note this before reading a conversation from the database; pass it to rememberOwner(). */
export function ownerReadGeneration(db: object): number {
  return cacheFor(db).readGeneration;
}

export function rememberOwner(
  db: object,
  id: string,
  owner: { userId: string; sessionId: string; agentId: string },
  now: number,
  readGeneration: number,
): void {
  cacheFor(db).set(
    id,
    { userId: owner.userId, sessionId: owner.sessionId, agentId: owner.agentId, at: now },
    readGeneration,
  );
}

/** See RevocableCache.setEnabled: on while this process hears every broker's revocations. */
export function setOwnerCacheEnabled(db: object, enabled: boolean): void {
  cacheFor(db).setEnabled(enabled);
}

export function forgetOwner(db: object, id: string): void {
  cacheFor(db).revoke(id);
}
