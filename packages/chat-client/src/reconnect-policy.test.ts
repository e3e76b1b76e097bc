/** The reconnect policy: exponential growth, a cap, and jitter within [nominal/2, nominal]. */
import { describe, expect, it } from "vitest";
import { reconnectDelay } from "./reconnect-policy.ts";

const policy = { baseDelayMs: 500, maxDelayMs: 8_000, factor: 2 };

describe("reconnectDelay", () => {
  it("does not wait before the first connection", () => {
    expect(reconnectDelay(0, policy, () => 0.99)).toBe(0);
  });

  it("doubles the nominal delay per attempt up to the cap", () => {
    const top = (attempt: number) => reconnectDelay(attempt, policy, () => 1);
    expect([1, 2, 3, 4, 5, 6, 10].map(top)).toEqual([500, 1000, 2000, 4000, 8000, 8000, 8000]);
  });

  it("spreads retries between half the nominal delay and the full delay", () => {
    expect(reconnectDelay(3, policy, () => 0)).toBe(1000);
    expect(reconnectDelay(3, policy, () => 0.5)).toBe(1500);
    const samples = Array.from({ length: 200 }, () => reconnectDelay(4, policy));
    expect(Math.min(...samples)).toBeGreaterThanOrEqual(2000);
    expect(Math.max(...samples)).toBeLessThanOrEqual(4000);
    expect(new Set(samples).size).toBeGreaterThan(10);
  });
});
