/**
 * Which user owns a conversation and which runtime session id it has never changes, so the minting hot
 * path keeps that pair in memory for a few seconds instead of asking the database on every request.
 * Deleting a conversation drops it at once in this process (another process may mint for it for up to
 * CACHE_MS more, only for its owner).
 */
const CACHE_MS = 5_000;
const MAX_ENTRIES = 50_000;

interface Entry {
  userId: string;
  sessionId: string;
  at: number;
}

const caches = new WeakMap<object, Map<string, Entry>>();

function cacheFor(db: object): Map<string, Entry> {
  let cache = caches.get(db);
  if (!cache) {
    cache = new Map();
    caches.set(db, cache);
  }
  return cache;
}

export function cachedOwner(db: object, id: string, now: number): Entry | undefined {
  const cache = cacheFor(db);
  const e = cache.get(id);
  if (e && e.at + CACHE_MS > now) return e;
  if (e) cache.delete(id);
  return undefined;
}

export function rememberOwner(db: object, id: string, userId: string, sessionId: string, now: number): void {
  const cache = cacheFor(db);
  if (cache.size >= MAX_ENTRIES) {
    const oldest = cache.keys().next();
    if (!oldest.done) cache.delete(oldest.value);
  }
  cache.set(id, { userId, sessionId, at: now });
}

export function forgetOwner(db: object, id: string): void {
  cacheFor(db).delete(id);
}
