/** PCM16 helpers: base64 round trips, refusals, float conversion. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { InvalidAudioError } from "./errors.ts";
import {
  base64ToPcm16,
  bytesToPcm16,
  concatPcm16,
  float32ToPcm16,
  levelDbfs,
  pcm16ToBase64,
  pcm16ToFloat32,
} from "./pcm.ts";

const samplesArb = fc
  .array(fc.integer({ min: -32768, max: 32767 }), { maxLength: 5000 })
  .map((a) => Int16Array.from(a));

describe("PCM16 and base64", () => {
  it("round-trips any samples through base64 as little-endian PCM16", () => {
    fc.assert(
      fc.property(samplesArb, (samples) => {
        expect(base64ToPcm16(pcm16ToBase64(samples))).toEqual(samples);
      }),
    );
    expect(pcm16ToBase64(Int16Array.of(1, -2))).toBe(Buffer.from([1, 0, 0xfe, 0xff]).toString("base64"));
  });

  it("reads samples from a buffer at an odd offset", () => {
    const bytes = Buffer.from([9, 1, 0, 0xfe, 0xff]).subarray(1);
    expect(bytesToPcm16(bytes)).toEqual(Int16Array.of(1, -2));
  });

  it("refuses an odd number of bytes and text that is not base64", () => {
    expect(() => base64ToPcm16(Buffer.from([1, 2, 3]).toString("base64"))).toThrow(InvalidAudioError);
    expect(() => base64ToPcm16("not base64!")).toThrow(InvalidAudioError);
    expect(() => base64ToPcm16("AAA")).toThrow(InvalidAudioError);
  });
});

describe("float conversion", () => {
  it("round-trips PCM16 through floats and clips out-of-range floats", () => {
    fc.assert(
      fc.property(samplesArb, (samples) => {
        expect(float32ToPcm16(pcm16ToFloat32(samples))).toEqual(samples);
      }),
    );
    expect(float32ToPcm16([2, -2, 0.5])).toEqual(Int16Array.of(32767, -32768, 16384));
  });

  it("concatenates in order and measures level", () => {
    expect(concatPcm16([Int16Array.of(1), Int16Array.of(2, 3)])).toEqual(Int16Array.of(1, 2, 3));
    expect(levelDbfs(new Int16Array(10).fill(16384))).toBeCloseTo(-6.02, 1);
    expect(levelDbfs(new Int16Array(10))).toBe(Number.NEGATIVE_INFINITY);
  });
});
