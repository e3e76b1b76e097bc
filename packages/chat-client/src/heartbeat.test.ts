/** The heartbeat: pings only when the line is quiet, and declares the connection dead when nothing answers. */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { Heartbeat } from "./heartbeat.ts";

describe("Heartbeat", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("sends no ping while messages keep arriving", () => {
    const pings: string[] = [];
    const heartbeat = new Heartbeat(
      { intervalMs: 1000, timeoutMs: 500 },
      (n) => pings.push(n),
      () => {},
    );
    heartbeat.start();
    for (let i = 0; i < 10; i++) {
      vi.advanceTimersByTime(400);
      heartbeat.noteActivity();
    }
    expect(pings).toEqual([]);
    heartbeat.stop();
  });

  it("pings after a quiet interval and reports a dead connection when nothing answers", () => {
    const pings: string[] = [];
    let dead = 0;
    const heartbeat = new Heartbeat(
      { intervalMs: 1000, timeoutMs: 500 },
      (n) => pings.push(n),
      () => dead++,
    );
    heartbeat.start();
    vi.advanceTimersByTime(1000);
    expect(pings).toHaveLength(1);
    expect(dead).toBe(0);
    vi.advanceTimersByTime(500);
    expect(dead).toBe(1);
  });

  it("stays alive when the pong arrives", () => {
    const pings: string[] = [];
    let dead = 0;
    const heartbeat = new Heartbeat(
      { intervalMs: 1000, timeoutMs: 500 },
      (n) => pings.push(n),
      () => dead++,
    );
    heartbeat.start();
    vi.advanceTimersByTime(1000);
    heartbeat.noteActivity();
    vi.advanceTimersByTime(1000);
    expect(pings).toHaveLength(2);
    heartbeat.noteActivity();
    vi.advanceTimersByTime(300);
    expect(dead).toBe(0);
    heartbeat.stop();
  });
});
