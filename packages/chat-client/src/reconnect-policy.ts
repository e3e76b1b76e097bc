/**
 * When to try again after a connection attempt failed or a connection dropped: exponential back-off with
 * "equal jitter" (half the delay fixed, half random), so a fleet of browsers cut off by one server restart
 * does not come back in lock-step, yet nobody waits less than half the nominal delay.
 */
export interface ReconnectPolicy {
  /** Delay before the first retry after a drop, in ms. */
  baseDelayMs: number;
  /** Upper bound for any delay, in ms. */
  maxDelayMs: number;
  /** Growth per failed attempt. */
  factor: number;
}

export const DEFAULT_RECONNECT_POLICY: ReconnectPolicy = { baseDelayMs: 500, maxDelayMs: 30_000, factor: 2 };

/**
 * The wait before connection attempt `attempt` (0 = the very first connection, which never waits).
 * `random` returns a number in [0, 1), injectable for tests.
 */
export function reconnectDelay(
  attempt: number,
  policy: ReconnectPolicy = DEFAULT_RECONNECT_POLICY,
  random: () => number = Math.random,
): number {
  if (attempt <= 0) return 0;
  const nominal = Math.min(policy.maxDelayMs, policy.baseDelayMs * policy.factor ** (attempt - 1));
  return Math.round(nominal / 2 + (nominal / 2) * random());
}
