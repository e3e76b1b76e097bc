/**
 * The one mechanism behind the broker's in-process caches of database answers (sessions, conversation
 * owners): bounded, one per database handle, and safe to revoke while lookups are under way.
 *
 * Revocations made by other brokers arrive as database notifications (revocation/notify.ts). While this
 * process is not listening for them (start-up, a lost connection) a cache is disabled: it holds nothing and
 * every lookup reads the database, so a change made elsewhere is never missed.
 *
 * A lookup that read the database before a revocation must not put its answer in the cache after the
 * revocation removed it (on PostgreSQL the read and the revoking write run on different pooled connections,
 * so this happens): every revocation advances a generation, a lookup notes the generation before it reads,
 * and set() refuses an answer read in an older one.
 */
export class RevocableCache<V> {
  private readonly entries = new Map<string, V>();
  private generation = 0;
  private enabled = false;

  constructor(private readonly maxEntries: number) {}

  /** Note this before reading from the database; pass it to set(). */
  get readGeneration(): number {
    return this.generation;
  }

  get(key: string): V | undefined {
    return this.entries.get(key);
  }

  /**
   * Turns caching on (revocations from every broker reach this process) or off (they may not: everything
   * cached is dropped, and lookups under way do not cache their answers).
   */
  setEnabled(enabled: boolean): void {
    if (!enabled) this.revokeWhere(() => true);
    this.enabled = enabled;
  }

  /** Caches `value` unless something was revoked since `readGeneration` was noted; the oldest entry goes when full. */
  set(key: string, value: V, readGeneration: number): void {
    if (!this.enabled || readGeneration !== this.generation) return;
    if (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    this.entries.set(key, value);
  }

  /** Forgets an entry that went stale (no revocation: lookups under way may still cache their answers). */
  expire(key: string): void {
    this.entries.delete(key);
  }

  revoke(key: string): void {
    this.generation++;
    this.entries.delete(key);
  }

  revokeWhere(matches: (value: V) => boolean): void {
    this.generation++;
    for (const [key, value] of this.entries) if (matches(value)) this.entries.delete(key);
  }
}

/** A function giving each database handle its own cache (tests run several brokers in one process). */
export function perDatabase<C>(make: () => C): (db: object) => C {
  const caches = new WeakMap<object, C>();
  return (db) => {
    let cache = caches.get(db);
    if (!cache) {
      cache = make();
      caches.set(db, cache);
    }
    return cache;
  };
}
