/**
 * Retry delays for a server that fails to start or drops: exponential, capped, with "equal jitter" (half the
 * delay fixed, half random) so servers that failed together do not retry together, yet never retry at once.
 */

export interface RetryPolicy {
  /** First retry after about this long. Default 500 ms. */
  initialDelayMs: number;
  /** Never wait longer than this. Default 60 s. */
  maxDelayMs: number;
  /** Growth per failed attempt. Default 2. */
  factor: number;
}

export const DEFAULT_RETRY: RetryPolicy = { initialDelayMs: 500, maxDelayMs: 60_000, factor: 2 };

/** The wait before retry number `attempt` (0 for the first), between half and all of the capped delay. */
export function retryDelay(attempt: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const capped = Math.min(policy.maxDelayMs, policy.initialDelayMs * policy.factor ** Math.min(attempt, 64));
  return Math.round(capped / 2 + (random() * capped) / 2);
}
