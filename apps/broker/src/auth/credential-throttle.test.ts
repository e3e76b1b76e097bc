/**
 * The brute-force limits against a real database (PGlite, or PostgreSQL under INTERJECT_TEST_DB=postgres),
 * with the clock moved by hand (Date only): an attacker who tries again the moment they may, for three
 * hours, never gets more than 100 failures into any 60 minutes, per account or per source, and a real user
 * is never kept out for more than a minute.
 */
import pino from "pino";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { type Database, openDatabase } from "../db/open.ts";
import { createTestDatabase, type TestDatabase } from "../test/database.ts";
import {
  CredentialThrottle,
  FREE_FAILURES,
  MAX_BACKOFF_SECONDS,
  SOURCE_FAILURES_PER_WINDOW,
} from "./credential-throttle.ts";

const HOUR_MS = 3_600_000;
let testDb: TestDatabase;
let database: Database;
let now = Date.UTC(2026, 11, 1);

beforeAll(async () => {
  testDb = await createTestDatabase();
  database = await openDatabase({ databaseUrl: testDb.url, log: pino({ level: "silent" }) });
});
afterAll(async () => {
  await database.close();
  await testDb.drop();
});
beforeEach(() => {
  now += 10 * HOUR_MS;
  vi.useFakeTimers({ toFake: ["Date"], now });
});
afterEach(() => vi.useRealTimers());

const advance = (ms: number) => {
  now += ms;
  vi.setSystemTime(now);
};

/** The most timestamps that fit in any window of `ms`. */
function busiest(times: number[], ms: number): number {
  let best = 0;
  for (let lo = 0, hi = 0; hi < times.length; hi++) {
    while ((times[hi] ?? 0) - (times[lo] ?? 0) >= ms) lo++;
    best = Math.max(best, hi - lo + 1);
  }
  return best;
}

/** Tries whenever allowed for `hours`; returns when each failure happened and the longest wait asked. */
async function attack(
  t: CredentialThrottle,
  target: (i: number) => { account: string; source: string },
  hours: number,
) {
  const failures: number[] = [];
  let longestWait = 0;
  const end = now + hours * HOUR_MS;
  while (now < end) {
    const { account, source } = target(failures.length);
    const wait = await t.retryAfter(account, source);
    longestWait = Math.max(longestWait, wait);
    if (wait > 0) advance(wait * 1000);
    else {
      await t.failed(account, source);
      failures.push(now);
      advance(1);
    }
  }
  return { failures, longestWait };
}

describe("CredentialThrottle", () => {
  it("keeps an account under 100 failures in any hour, from any number of addresses, and never asks a minute's wait", async () => {
    const t = new CredentialThrottle(database.sql);
    const { failures, longestWait } = await attack(
      t,
      (i) => ({ account: "victim@example.com", source: `10.0.${Math.floor(i / 250)}.${i % 250}` }),
      3,
    );
    expect(longestWait).toBeLessThanOrEqual(MAX_BACKOFF_SECONDS);
    expect(busiest(failures, HOUR_MS)).toBeLessThanOrEqual(100);
    expect(failures.length).toBeGreaterThan(3 * FREE_FAILURES);
  });

  it("keeps one address under 100 failures in any hour across accounts, and frees it when its window ends", async () => {
    const t = new CredentialThrottle(database.sql);
    const { failures } = await attack(
      t,
      (i) => ({ account: `sprayed-${i}@example.com`, source: "10.1.1.1" }),
      3,
    );
    expect(busiest(failures, HOUR_MS)).toBeLessThanOrEqual(100);
    expect(failures.length).toBeGreaterThanOrEqual(3 * SOURCE_FAILURES_PER_WINDOW);
    expect(await t.retryAfter("fresh@example.com", "10.2.2.2")).toBe(0);
  });

  it("forgets an account's failures after its password is proven, but not the address's", async () => {
    const t = new CredentialThrottle(database.sql);
    for (let i = 0; i < FREE_FAILURES + 1; i++) await t.failed("me@example.com", "1.1.1.1");
    expect(await t.retryAfter("me@example.com", "2.2.2.2")).toBeGreaterThan(0);
    await t.succeeded("me@example.com");
    expect(await t.retryAfter("me@example.com", "2.2.2.2")).toBe(0);
    for (let i = 0; i < SOURCE_FAILURES_PER_WINDOW; i++) await t.failed(`other-${i}@example.com`, "3.3.3.3");
    await t.succeeded("other-0@example.com");
    expect(await t.retryAfter("other-0@example.com", "3.3.3.3")).toBeGreaterThan(0);
  });
});
