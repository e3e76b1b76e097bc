/** The playback worklet's ring buffer: plays in order, clears at once, counts what it played. */
import { describe, expect, it } from "vitest";
import { PlaybackRing } from "./playback-ring.ts";

describe("PlaybackRing", () => {
  it("plays what was appended, in order, across the wrap-around, and counts only real audio", () => {
    const ring = new PlaybackRing(300);
    const out = new Float32Array(128);
    const audio = Float32Array.from({ length: 250 }, (_, i) => i / 1000);
    ring.append(audio);
    expect(ring.read(out)).toBe(128);
    expect(out[127]).toBeCloseTo(0.127);
    ring.append(Float32Array.from({ length: 150 }, (_, i) => (250 + i) / 1000));
    expect(ring.read(out)).toBe(128);
    expect(out[0]).toBeCloseTo(0.128);
    expect(ring.read(out)).toBe(128);
    expect(ring.read(out)).toBe(16);
    expect(out.subarray(16).every((s) => s === 0)).toBe(true);
    expect(ring.played).toBe(400);
  });

  it("drops what is queued on clear, so it is never played or counted", () => {
    const ring = new PlaybackRing(48_000);
    ring.append(new Float32Array(24_000).fill(0.5));
    ring.read(new Float32Array(128));
    ring.clear();
    expect(ring.queued).toBe(0);
    const out = new Float32Array(128);
    expect(ring.read(out)).toBe(0);
    expect(out.every((s) => s === 0)).toBe(true);
    expect(ring.played).toBe(128);
    ring.reset();
    expect(ring.played).toBe(0);
  });
});
