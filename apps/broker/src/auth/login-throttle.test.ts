/** The back-off arithmetic with a controlled clock: bounded per account, an hourly cap per source. */
import { describe, expect, it } from "vitest";
import { LoginThrottle } from "./login-throttle.ts";

describe("LoginThrottle", () => {
  it("never makes an account wait more than 60 s, and admits fewer than 100 failures an hour", () => {
    let now = 0;
    const t = new LoginThrottle(() => now);
    let failures = 0;
    let longestWait = 0;
    while (now < 3_600_000) {
      const wait = t.retryAfter("victim@example.com", `10.0.0.${failures % 250}`);
      longestWait = Math.max(longestWait, wait);
      if (wait > 0) now += wait * 1000;
      else {
        t.failed("victim@example.com", `10.0.0.${failures % 250}`);
        failures++;
      }
    }
    expect(longestWait).toBeLessThanOrEqual(60);
    expect(failures).toBeLessThan(100);
    expect(failures).toBeGreaterThan(5);
  });

  it("caps one source at 100 failures an hour across accounts, then frees it as they age", () => {
    let now = 0;
    const t = new LoginThrottle(() => now);
    for (let i = 0; i < 100; i++) {
      expect(t.retryAfter(`a${i}@example.com`, "10.1.1.1")).toBe(0);
      t.failed(`a${i}@example.com`, "10.1.1.1");
      now += 1000;
    }
    expect(t.retryAfter("fresh@example.com", "10.1.1.1")).toBeGreaterThan(3000);
    expect(t.retryAfter("fresh@example.com", "10.2.2.2")).toBe(0);
    now = 3_600_001;
    expect(t.retryAfter("fresh@example.com", "10.1.1.1")).toBe(0);
  });

  it("forgets an account's failures after a successful sign-in", () => {
    const t = new LoginThrottle(() => 0);
    for (let i = 0; i < 6; i++) t.failed("me@example.com", "1.1.1.1");
    expect(t.retryAfter("me@example.com", "2.2.2.2")).toBeGreaterThan(0);
    t.succeeded("me@example.com");
    expect(t.retryAfter("me@example.com", "2.2.2.2")).toBe(0);
  });
});
