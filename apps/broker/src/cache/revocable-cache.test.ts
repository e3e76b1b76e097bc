/** The revocation rule, deterministically: an answer read before a revocation is never cached after it. */
import { describe, expect, it } from "vitest";
import { perDatabase, RevocableCache } from "./revocable-cache.ts";

/** A cache as a listening broker has it. */
function enabled<V>(max: number): RevocableCache<V> {
  const cache = new RevocableCache<V>(max);
  cache.setEnabled(true);
  return cache;
}

describe("RevocableCache", () => {
  it("refuses an answer read before a revocation, of any key, and takes one read after", () => {
    const cache = enabled<string>(10);
    const before = cache.readGeneration;
    cache.revoke("other");
    cache.set("a", "stale", before);
    expect(cache.get("a")).toBeUndefined();
    cache.set("a", "fresh", cache.readGeneration);
    expect(cache.get("a")).toBe("fresh");
  });

  it("revokeWhere removes the matching entries and also refuses older reads; expire does not", () => {
    const cache = enabled<{ user: string }>(10);
    const g = cache.readGeneration;
    cache.set("t1", { user: "u1" }, g);
    cache.set("t2", { user: "u2" }, g);
    cache.expire("t2");
    cache.set("t2", { user: "u2" }, g);
    expect(cache.get("t2")).toEqual({ user: "u2" });
    cache.revokeWhere((v) => v.user === "u1");
    expect(cache.get("t1")).toBeUndefined();
    expect(cache.get("t2")).toEqual({ user: "u2" });
    cache.set("t1", { user: "u1" }, g);
    expect(cache.get("t1")).toBeUndefined();
  });

  it("drops the oldest entry when full, and gives each database handle its own cache", () => {
    const cache = enabled<number>(2);
    const g = cache.readGeneration;
    cache.set("a", 1, g);
    cache.set("b", 2, g);
    cache.set("c", 3, g);
    expect([cache.get("a"), cache.get("b"), cache.get("c")]).toEqual([undefined, 2, 3]);
    const cacheFor = perDatabase(() => new RevocableCache<number>(2));
    const db1 = {};
    expect(cacheFor(db1)).toBe(cacheFor(db1));
    expect(cacheFor({})).not.toBe(cacheFor(db1));
  });

  it("holds nothing while revocations from other brokers may be missed, nor after until it is enabled again", () => {
    const cache = new RevocableCache<number>(10);
    cache.set("a", 1, cache.readGeneration);
    expect(cache.get("a")).toBeUndefined();
    cache.setEnabled(true);
    const before = cache.readGeneration;
    cache.set("a", 1, before);
    expect(cache.get("a")).toBe(1);
    cache.setEnabled(false);
    expect(cache.get("a")).toBeUndefined();
    cache.setEnabled(true);
    cache.set("a", 1, before);
    expect(cache.get("a")).toBeUndefined();
  });
});
