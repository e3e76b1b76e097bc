/** The polyphase resampler: exact lengths, streaming equals one call, passband kept, aliases removed. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { concatPcm16, levelDbfs } from "./pcm.ts";
import { Resampler, resample } from "./resampler.ts";

function tone(hz: number, rate: number, seconds: number, amplitude = 0.5): Int16Array {
  return Int16Array.from({ length: Math.round(rate * seconds) }, (_, i) =>
    Math.round(amplitude * 32767 * Math.sin((2 * Math.PI * hz * i) / rate)),
  );
}

/** The level of the middle of a clip (away from the edges, where the filter sees silence). */
const middleLevel = (s: Int16Array) =>
  levelDbfs(s.subarray(Math.floor(s.length / 4), Math.floor((3 * s.length) / 4)));

/** The frequency of a tone, from its zero crossings. */
function frequency(samples: Int16Array, rate: number): number {
  let crossings = 0;
  for (let i = 1; i < samples.length; i++)
    if ((samples[i - 1] ?? 0) < 0 !== (samples[i] ?? 0) < 0) crossings++;
  return (crossings / 2) * (rate / samples.length);
}

const RATES: Array<[number, number]> = [
  [22_050, 16_000],
  [22_050, 24_000],
  [48_000, 16_000],
  [16_000, 24_000],
  [24_000, 16_000],
  [44_100, 16_000],
];

describe("Resampler", () => {
  it("gives ceil(n * to / from) samples", () => {
    for (const [from, to] of RATES) {
      for (const n of [0, 1, 7, 441, 22_050]) {
        expect(resample(new Int16Array(n), from, to).length).toBe(Math.ceil((n * to) / from));
      }
    }
  });

  it("gives the same samples whether the input comes in one piece or many", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...RATES),
        fc.array(fc.integer({ min: -32768, max: 32767 }), { minLength: 1, maxLength: 3000 }),
        fc.array(fc.integer({ min: 0, max: 400 }), { maxLength: 30 }),
        ([from, to], values, sizes) => {
          const input = Int16Array.from(values);
          const whole = resample(input, from, to);
          const streaming = new Resampler(from, to);
          const out: Int16Array[] = [];
          let at = 0;
          for (const size of sizes) {
            out.push(streaming.push(input.subarray(at, at + size)));
            at = Math.min(input.length, at + size);
          }
          out.push(streaming.push(input.subarray(at)), streaming.flush());
          expect(concatPcm16(out)).toEqual(whole);
        },
      ),
      { numRuns: 60 },
    );
  });

  it("keeps a tone in the passband at its level and frequency", () => {
    for (const [from, to] of RATES) {
      for (const hz of [440, 3000]) {
        const out = resample(tone(hz, from, 1), from, to);
        expect(Math.abs(middleLevel(out) - middleLevel(tone(hz, from, 1)))).toBeLessThan(0.2);
        expect(frequency(out, to)).toBeCloseTo(hz, -1);
      }
    }
  });

  it("removes a tone above the new Nyquist frequency instead of folding it back (>= 40 dB down)", () => {
    // 10 kHz at 22,050 Hz is above 16 kHz's 8 kHz Nyquist; naive decimation would alias it to 6 kHz.
    const input = tone(10_000, 22_050, 1);
    expect(middleLevel(resample(input, 22_050, 16_000)) - middleLevel(input)).toBeLessThan(-40);
    const high = tone(13_000, 48_000, 1);
    expect(middleLevel(resample(high, 48_000, 16_000)) - middleLevel(high)).toBeLessThan(-40);
  });

  it("passes audio through unchanged at the same rate and refuses bad rates", () => {
    const input = Int16Array.of(1, 2, 3);
    expect(resample(input, 16_000, 16_000)).toEqual(input);
    expect(() => new Resampler(0, 16_000)).toThrow(RangeError);
    expect(() => new Resampler(22_050.5, 16_000)).toThrow(RangeError);
  });
});
