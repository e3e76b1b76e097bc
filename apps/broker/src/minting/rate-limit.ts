/**
 * Connection URLs one user may mint: `perMinute` in each minute-long window (the window starts at the
 * user's first mint). A browser mints once per (re)connection, so the default of 60 a minute never bites a
 * real user.
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

export class MintRateLimit {
  private readonly limiter: RateLimiterAbstract;

  constructor(database: Pick<Database, "kind" | "sql">, perMinute: number) {
    const options = { keyPrefix: "mint", points: perMinute };
    this.limiter =
      database.kind === "postgres"
        ? databaseLimiter(database.sql, { ...options, durationSeconds: WINDOW_SECONDS })
        : new RateLimiterMemory({ ...options, duration: WINDOW_SECONDS });
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
