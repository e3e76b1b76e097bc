/**
 * Which user owns a conversation and which runtime session id it has never changes, so the minting hot
 * path keeps that pair in memory for a few seconds instead of asking the database on every request.
 * Deleting a conversation drops it at once in this process (another process may mint for it for up to
 * CACHE_MS more, only for its owner).
 *
 * As in the session cache, a read that started before a deletion must not cache the row after the deletion
 * forgot it: forgetting advances a generation, and remember() refuses a row read in an older one.
 */
const CACHE_MS = 5_000;
const MAX_ENTRIES = 50_000;

interface Entry {
  userId: string;
  sessionId: string;
  at: number;
}

interface Cache {
  entries: Map<string, Entry>;
  generation: number;
}

const caches = new WeakMap<object, Cache>();

function cacheFor(db: object): Cache {
  let cache = caches.get(db);
  if (!cache) {
    cache = { entries: new Map(), generation: 0 };
    caches.set(db, cache);
  }
  return cache;
}

export function cachedOwner(db: object, id: string, now: number): Entry | undefined {
  const { entries } = cacheFor(db);
  const e = entries.get(id);
  if (e && e.at + CACHE_MS > now) return e;
  if (e) entries.delete(id);
  return undefined;
}

/** Note this before reading a conversation from the database; pass it to rememberOwner(). */
export function ownerReadGeneration(db: object): number {
  return cacheFor(db).generation;
}

export function rememberOwner(
  db: object,
  id: string,
  owner: { userId: string; sessionId: string },
  now: number,
  readGeneration: number,
): void {
  const cache = cacheFor(db);
  if (readGeneration !== cache.generation) return;
  if (cache.entries.size >= MAX_ENTRIES) {
    const oldest = cache.entries.keys().next();
    if (!oldest.done) cache.entries.delete(oldest.value);
  }
  cache.entries.set(id, { userId: owner.userId, sessionId: owner.sessionId, at: now });
}

export function forgetOwner(db: object, id: string): void {
  const cache = cacheFor(db);
  cache.generation++;
  cache.entries.delete(id);
}
