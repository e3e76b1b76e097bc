/**
 * A per-user allowance of some request: `perMinute` in each minute-long window (the window starts at the
 * user's first request), under its own key prefix. Minting connection URLs (`mint`; a browser mints once per
 * (re)connection, so the default of 60 a minute never bites a real user) and reporting turns (`turn-report`)
 * each have one.
 *
 * On PostgreSQL the count is in the database (rate-limiter-flexible's Postgres store), so every broker
 * replica draws on the same allowance. On the embedded database there is exactly one broker (the data
 * directory is locked to one process), so the same limiter is kept in its memory instead: a count in
 * PGlite is a write on the broker's own thread, which costs more than the rest of a mint together
 * (README, Benchmark).
 */
import { type RateLimiterAbstract, RateLimiterMemory } from "rate-limiter-flexible";
import type { Database } from "../db/open.ts";
import { databaseLimiter, RateLimiterRes, secondsBefore } from "../db/rate-limiter.ts";

const WINDOW_SECONDS = 60;

export class UserRateLimit {
  private readonly limiter: RateLimiterAbstract;

  constructor(database: Pick<Database, "kind" | "sql">, options: { keyPrefix: string; perMinute: number }) {
    const limits = { keyPrefix: options.keyPrefix, points: options.perMinute };
    this.limiter =
      database.kind === "postgres"
        ? databaseLimiter(database.sql, { ...limits, durationSeconds: WINDOW_SECONDS })
        : new RateLimiterMemory({ ...limits, duration: WINDOW_SECONDS });
  }

  /** 0 when allowed (and counted), otherwise seconds until the window ends. */
  async take(userId: string): Promise<number> {
    try {
      await this.limiter.consume(userId);
      return 0;
    } catch (err) {
      if (err instanceof RateLimiterRes) return secondsBefore(err);
      throw err;
    }
  }
}
