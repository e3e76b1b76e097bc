/**
 * Brute-force limits for every check of a password (sign-in and change-password share them), counted per
 * account (the email typed, known or not, so the limit reveals nothing) and per source address, in the
 * database so that every broker replica counts the same failures (db/rate-limiter.ts).
 *
 * Per account: after FREE_FAILURES failures each further attempt must wait 2^(n-5) s after the last
 * failure, capped at MAX_BACKOFF_SECONDS. The cap bounds how long an attacker can keep a real user out (one
 * minute); failures are counted in hour-long windows, so an account takes at most about 70 in any hour,
 * under ASVS's 100. Per source: SOURCE_FAILURES_PER_WINDOW in an hour-long window that starts at the
 * source's first failure, then refused until the window ends; two windows can meet inside one hour, so
 * that is at most 100 in any 60 minutes.
 */
import type { SqlClient } from "../db/open.ts";
import { databaseLimiter, secondsBefore } from "../db/rate-limiter.ts";

export const FREE_FAILURES = 5;
export const MAX_BACKOFF_SECONDS = 60;
export const SOURCE_FAILURES_PER_WINDOW = 50;
const WINDOW_SECONDS = 3_600;

export class CredentialThrottle {
  private readonly accountFailures;
  /** Blocked (for the back-off) after each failure past the free ones. */
  private readonly accountWait;
  private readonly sourceFailures;

  constructor(client: SqlClient) {
    this.accountFailures = databaseLimiter(client, {
      keyPrefix: "account-failures",
      points: FREE_FAILURES,
      durationSeconds: WINDOW_SECONDS,
      // The one sweep of expired rows for the whole table (every limiter's).
      sweep: true,
    });
    this.accountWait = databaseLimiter(client, {
      keyPrefix: "account-wait",
      points: 0,
      durationSeconds: MAX_BACKOFF_SECONDS,
    });
    this.sourceFailures = databaseLimiter(client, {
      keyPrefix: "source-failures",
      points: SOURCE_FAILURES_PER_WINDOW,
      durationSeconds: WINDOW_SECONDS,
    });
  }

  /** Seconds to wait before this attempt may be checked, or 0 when it may go ahead. */
  async retryAfter(account: string, source: string): Promise<number> {
    const [wait, src] = await Promise.all([this.accountWait.get(account), this.sourceFailures.get(source)]);
    let seconds = 0;
    if (wait && wait.consumedPoints > 0) seconds = secondsBefore(wait);
    if (src && src.consumedPoints >= SOURCE_FAILURES_PER_WINDOW)
      seconds = Math.max(seconds, secondsBefore(src));
    return seconds;
  }

  async failed(account: string, source: string): Promise<void> {
    const [acc] = await Promise.all([
      this.accountFailures.penalty(account, 1),
      this.sourceFailures.penalty(source, 1),
    ]);
    const n = acc.consumedPoints;
    if (n >= FREE_FAILURES) {
      await this.accountWait.block(account, Math.min(MAX_BACKOFF_SECONDS, 2 ** (n - FREE_FAILURES)));
    }
  }

  /** The account's password was proven: its failures are forgotten (the source's are not). */
  async succeeded(account: string): Promise<void> {
    await Promise.all([this.accountFailures.delete(account), this.accountWait.delete(account)]);
  }
}
