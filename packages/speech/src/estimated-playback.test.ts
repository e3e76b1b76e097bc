/** The agent's echo reference: the audio it sent, replayed on its own clock as the client plays it. */
import { describe, expect, it } from "vitest";
import { EstimatedPlayback } from "./estimated-playback.ts";

/** `ms` of a 440 Hz tone at -20 dBFS RMS, 24 kHz PCM16. */
function tone(ms: number): Int16Array {
  return Int16Array.from(
    { length: ms * 24 },
    (_, i) => 0.1 * Math.SQRT2 * 32767 * Math.sin((2 * Math.PI * 440 * i) / 24_000),
  );
}

describe("EstimatedPlayback", () => {
  it("reads silence before the audio starts, its level while it plays, and silence a tail after it ends", () => {
    const playback = new EstimatedPlayback(300);
    playback.schedule(tone(500), 24_000, 1000);
    expect(playback.levelAt(0)).toBeLessThan(-100);
    expect(playback.levelAt(990)).toBeLessThan(-100);
    expect(playback.levelAt(1100)).toBeCloseTo(-20, 0);
    expect(playback.levelAt(1700)).toBeCloseTo(-20, 0); // ended at 1500; its echo may still arrive
    expect(playback.levelAt(1820)).toBeLessThan(-100);
  });

  it("plays scheduled chunks back to back, and nothing after it is cleared", () => {
    const playback = new EstimatedPlayback(100);
    playback.levelAt(0);
    playback.schedule(tone(200), 24_000, 0);
    playback.schedule(tone(200), 24_000, 200);
    for (let at = 20; at <= 400; at += 40) expect(playback.levelAt(at)).toBeCloseTo(-20, 0);
    playback.schedule(tone(1000), 24_000, 400);
    expect(playback.levelAt(500)).toBeCloseTo(-20, 0);
    playback.clear();
    expect(playback.levelAt(650)).toBeLessThan(-100);
  });
});
