/**
 * Test audio made at run time: espeak-ng speaks a text and the result comes back as 16 kHz PCM16, like a
 * user's microphone; plus silence and seeded noise to mix with it. Nothing is committed but this code.
 */
import { execFileSync } from "node:child_process";
import { INPUT_SAMPLE_RATE } from "../pcm.ts";
import { resample } from "../resampler.ts";
import { readWav } from "../wav.ts";

/** `text` spoken by espeak-ng (en-us), at `sampleRate` (16 kHz unless given). */
export function spoken(text: string, sampleRate = INPUT_SAMPLE_RATE, voice = "en-us"): Int16Array {
  const wav = readWav(execFileSync("espeak-ng", ["-v", voice, "--stdout", "--stdin"], { input: text }));
  return resample(wav.samples, wav.sampleRate, sampleRate);
}

export function silence(ms: number, sampleRate = INPUT_SAMPLE_RATE): Int16Array {
  return new Int16Array(Math.round((ms * sampleRate) / 1000));
}

/** White noise at `dbfs` RMS, from a seeded generator (mulberry32), so every run hears the same noise. */
export function noise(ms: number, dbfs: number, seed = 1, sampleRate = INPUT_SAMPLE_RATE): Int16Array {
  let state = seed >>> 0;
  const random = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  // Uniform noise in [-a, a] has RMS a / sqrt(3).
  const amplitude = 32768 * 10 ** (dbfs / 20) * Math.sqrt(3);
  const out = new Int16Array(Math.round((ms * sampleRate) / 1000));
  for (let i = 0; i < out.length; i++) out[i] = Math.round((random() * 2 - 1) * amplitude);
  return out;
}

/** `a + b` sample by sample (b from `offset` in a), clipped to PCM16. */
export function mix(a: Int16Array, b: Int16Array, offset = 0): Int16Array {
  const out = Int16Array.from(a);
  for (let i = 0; i < b.length && offset + i < out.length; i++) {
    out[offset + i] = Math.max(-32768, Math.min(32767, (out[offset + i] ?? 0) + (b[i] ?? 0)));
  }
  return out;
}

/** `samples` scaled by `db` decibels. */
export function gain(samples: Int16Array, db: number): Int16Array {
  const factor = 10 ** (db / 20);
  return Int16Array.from(samples, (s) => Math.max(-32768, Math.min(32767, Math.round(s * factor))));
}
