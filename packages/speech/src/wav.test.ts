/** WAV files: our own round trip, and espeak-ng's streamed output read whole or in any pieces. */
import { execFileSync } from "node:child_process";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { InvalidAudioError } from "./errors.ts";
import { concatPcm16, pcm16ToBytes } from "./pcm.ts";
import { readWav, WavStreamDecoder, writeWav } from "./wav.ts";

describe("WAV", () => {
  it("reads back what it writes", () => {
    const samples = Int16Array.of(0, 1, -1, 32767, -32768);
    const wav = writeWav(samples, 16_000);
    expect(wav.length).toBe(44 + 10);
    expect(readWav(wav)).toEqual({ sampleRate: 16_000, samples });
  });

  it("refuses what is not PCM16 mono", () => {
    const stereo = writeWav(Int16Array.of(1, 2), 16_000);
    stereo.writeUInt16LE(2, 22);
    expect(() => readWav(stereo)).toThrow(InvalidAudioError);
    expect(() => readWav(Buffer.from("RIFF....WAVEjunk"))).toThrow(InvalidAudioError);
    expect(() => readWav(Buffer.from("not a wav file at all"))).toThrow(InvalidAudioError);
  });

  it("reads espeak-ng's streamed WAV (placeholder sizes) whole and in arbitrary pieces alike", () => {
    const bytes = execFileSync("espeak-ng", ["-v", "en-us", "--stdout", "hello there"]);
    expect(bytes.readUInt32LE(40)).toBeGreaterThan(bytes.length); // the placeholder size
    const whole = readWav(bytes);
    expect(whole.sampleRate).toBe(22_050);
    expect(whole.samples.length).toBe((bytes.length - 44) / 2);
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: bytes.length }), { maxLength: 20 }), (cuts) => {
        const points = [...new Set(cuts)].sort((a, b) => a - b);
        const decoder = new WavStreamDecoder();
        const out: Int16Array[] = [];
        let from = 0;
        for (const to of [...points, bytes.length]) {
          out.push(decoder.push(bytes.subarray(from, to)));
          from = to;
        }
        expect(decoder.sampleRate).toBe(22_050);
        // Compared as bytes: toEqual walks a typed array element by element, slowly.
        expect(pcm16ToBytes(concatPcm16(out)).equals(pcm16ToBytes(whole.samples))).toBe(true);
      }),
      { numRuns: 50 },
    );
  });
});
