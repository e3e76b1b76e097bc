/**
 * Rate limits kept in the database, so they hold across every broker replica on it: rate-limiter-flexible's
 * RateLimiterPostgres over the `rate_limits` table (made by our migrations, see schema.ts), whose counting is
 * one atomic upsert. On PGlite it runs through the same `query()` shape (Database.sql). Limiters share the
 * table, each under its own key prefix.
 */

import { getTableName } from "drizzle-orm";
import { RateLimiterPostgres, RateLimiterRes } from "rate-limiter-flexible";
import type { SqlClient } from "./open.ts";
import { rateLimits } from "./schema.ts";

export interface LimiterOptions {
  keyPrefix: string;
  points: number;
  durationSeconds: number;
  /**
   * Delete rows that expired over an hour ago, every 5 minutes (rate-limiter-flexible's sweep). One limiter
   * per process is enough: the sweep covers the whole table.
   */
  sweep?: boolean;
}

export function databaseLimiter(client: SqlClient, opts: LimiterOptions): RateLimiterPostgres {
  return new RateLimiterPostgres({
    storeClient: client,
    storeType: "pool",
    tableName: getTableName(rateLimits),
    tableCreated: true,
    clearExpiredByTimeout: opts.sweep ?? false,
    keyPrefix: opts.keyPrefix,
    points: opts.points,
    duration: opts.durationSeconds,
  });
}

/** Whole seconds to wait, from a limiter's answer (at least 1 while anything is left to wait). */
export function secondsBefore(res: RateLimiterRes): number {
  return Math.max(1, Math.ceil(res.msBeforeNext / 1000));
}

export { RateLimiterRes };
