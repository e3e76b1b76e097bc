/** The capture worklet's framing: 16 kHz PCM16 in 40 ms frames, resampled with a proper filter where needed. */
import { describe, expect, it } from "vitest";
import { CaptureFramer, floatToPcm16, INPUT_FRAME_SAMPLES, levelOf } from "./capture-framer.ts";

function tone(rate: number, hz: number, seconds: number, amplitude = 0.5): Float32Array {
  return Float32Array.from(
    { length: Math.round(rate * seconds) },
    (_, i) => amplitude * Math.sin((2 * Math.PI * hz * i) / rate),
  );
}

/** Pushes audio in render quanta of 128 samples, as the audio thread does. */
function frames(framer: CaptureFramer, audio: Float32Array) {
  const out: Int16Array[] = [];
  for (let at = 0; at < audio.length; at += 128)
    out.push(...framer.push(audio.subarray(at, at + 128)).frames.map((f) => f.samples));
  return out;
}

describe("CaptureFramer", () => {
  it("cuts a 16 kHz microphone into 40 ms frames, unchanged", () => {
    const audio = tone(16_000, 440, 1);
    const out = frames(new CaptureFramer(16_000), audio);
    expect(out).toHaveLength(25);
    expect(out.every((f) => f.length === INPUT_FRAME_SAMPLES)).toBe(true);
    expect(Array.from(out[0]?.subarray(0, 5) ?? [])).toEqual(Array.from(floatToPcm16(audio.subarray(0, 5))));
  });

  it("resamples a 48 kHz and a 44.1 kHz microphone to 16 kHz, keeping speech and dropping what 16 kHz cannot hold", () => {
    for (const rate of [48_000, 44_100]) {
      const speech = frames(new CaptureFramer(rate), tone(rate, 1000, 1));
      expect(speech.length).toBeGreaterThanOrEqual(24);
      // A 1 kHz tone keeps its level (-9 dBFS for amplitude 0.5), within half a decibel.
      expect(levelOf(speech[10] ?? new Int16Array())).toBeCloseTo(-9.03, 0);
      // A 12 kHz tone is above 16 kHz's Nyquist frequency: the low-pass removes it instead of aliasing it.
      const alias = frames(new CaptureFramer(rate), tone(rate, 12_000, 1));
      expect(levelOf(alias[10] ?? new Int16Array())).toBeLessThan(-45);
    }
  });

  it("measures levels in dBFS, silence at the floor", () => {
    expect(levelOf(new Int16Array(640))).toBe(-100);
    expect(levelOf(Int16Array.from({ length: 640 }, () => 16384))).toBeCloseTo(-6.02, 1);
  });
});
