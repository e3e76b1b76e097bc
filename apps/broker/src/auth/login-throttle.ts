/**
 * Brute-force limits for password login, counted per account (the email typed, known or not, so the limit
 * reveals nothing) and per source address, over a sliding hour.
 *
 * Per account: after 5 failures each further attempt must wait 2^(n-5) s after the last failure, capped at
 * 60 s. The cap bounds how long an attacker can keep a real user out (one minute), and it also caps the
 * failures an account can take at about 65 an hour, under ASVS's 100. Per source: 100 failures an hour,
 * then refused until the oldest one is an hour old. Kept in memory (one broker process; see README).
 */
const HOUR_MS = 3_600_000;
const FREE_FAILURES = 5;
const MAX_BACKOFF_MS = 60_000;
const SOURCE_LIMIT = 100;
const MAX_TRACKED = 100_000;

export class LoginThrottle {
  private readonly accounts = new Map<string, number[]>();
  private readonly sources = new Map<string, number[]>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Seconds to wait before this attempt may be checked, or 0 when it may go ahead. */
  retryAfter(account: string, source: string): number {
    const now = this.now();
    const acc = this.recent(this.accounts, account, now);
    let waitMs = 0;
    if (acc.length >= FREE_FAILURES) {
      const last = acc[acc.length - 1] ?? now;
      const backoff = Math.min(MAX_BACKOFF_MS, 1000 * 2 ** (acc.length - FREE_FAILURES));
      waitMs = Math.max(waitMs, last + backoff - now);
    }
    const src = this.recent(this.sources, source, now);
    if (src.length >= SOURCE_LIMIT) {
      const oldest = src[src.length - SOURCE_LIMIT] ?? now;
      waitMs = Math.max(waitMs, oldest + HOUR_MS - now);
    }
    return waitMs > 0 ? Math.ceil(waitMs / 1000) : 0;
  }

  failed(account: string, source: string): void {
    const now = this.now();
    this.push(this.accounts, account, now);
    this.push(this.sources, source, now);
  }

  succeeded(account: string): void {
    this.accounts.delete(account);
  }

  private recent(map: Map<string, number[]>, key: string, now: number): number[] {
    const list = map.get(key);
    if (!list) return [];
    while (list.length > 0 && (list[0] ?? 0) <= now - HOUR_MS) list.shift();
    if (list.length === 0) map.delete(key);
    return list;
  }

  private push(map: Map<string, number[]>, key: string, now: number): void {
    const list = this.recent(map, key, now);
    if (list.length === 0) {
      if (map.size >= MAX_TRACKED) this.evictOldest(map);
      map.set(key, list);
    }
    list.push(now);
    if (list.length > SOURCE_LIMIT) list.shift();
  }

  private evictOldest(map: Map<string, number[]>): void {
    const first = map.keys().next();
    if (!first.done) map.delete(first.value);
  }
}
