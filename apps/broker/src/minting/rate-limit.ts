/**
 * Connection URLs one user may mint: `perMinute` in each minute-long window (the window starts at the
 * user's first mint), counted in the database so that every broker replica draws on the same allowance. A
 * browser mints once per (re)connection, so the default of 60 a minute never bites a real user.
 */

import type { SqlClient } from "../db/open.ts";
import { databaseLimiter, RateLimiterRes, secondsBefore } from "../db/rate-limiter.ts";

export class MintRateLimit {
  private readonly limiter;

  constructor(client: SqlClient, perMinute: number) {
    this.limiter = databaseLimiter(client, {
      keyPrefix: "mint",
      points: perMinute,
      durationSeconds: 60,
      sweep: true,
    });
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
