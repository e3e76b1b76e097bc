/**
 * PCM16 audio as the rest of the package handles it: signed 16-bit little-endian mono samples in an
 * Int16Array, base64 on the wire (`bidi_audio_input`, `bidi_audio_stream`), floats only inside the DSP.
 */
import { InvalidAudioError } from "./errors.ts";

/** The rate of audio coming from the user: PCM16 mono 16 kHz, as Nova Sonic and the Strands agent expect. */
export const INPUT_SAMPLE_RATE = 16_000;
export const BYTES_PER_SAMPLE = 2;

const littleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** The bytes of `samples` as little-endian PCM16, without copying on little-endian machines. */
export function pcm16ToBytes(samples: Int16Array): Buffer {
  const bytes = Buffer.from(samples.buffer, samples.byteOffset, samples.byteLength);
  return littleEndian ? bytes : Buffer.from(bytes).swap16();
}

/**
 * Samples from little-endian PCM16 bytes. Always copies into a fresh, aligned Int16Array (a Buffer from
 * Node's pool may start at an odd offset). An odd byte count is not PCM16 and is refused.
 */
export function bytesToPcm16(bytes: Uint8Array): Int16Array {
  if (bytes.byteLength % BYTES_PER_SAMPLE !== 0) {
    throw new InvalidAudioError(`PCM16 audio has an even number of bytes, got ${bytes.byteLength}`);
  }
  const samples = new Int16Array(bytes.byteLength / BYTES_PER_SAMPLE);
  const view = new Uint8Array(samples.buffer);
  view.set(bytes);
  if (!littleEndian) Buffer.from(samples.buffer).swap16();
  return samples;
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** Base64 of PCM16 little-endian samples, as `bidi_audio_*` events carry audio. */
export function pcm16ToBase64(samples: Int16Array): string {
  return pcm16ToBytes(samples).toString("base64");
}

/** Samples from the base64 of PCM16 audio. Refuses text that is not canonical base64 of whole samples. */
export function base64ToPcm16(base64: string): Int16Array {
  if (base64.length % 4 !== 0 || !BASE64.test(base64)) {
    throw new InvalidAudioError("audio is not base64 (A-Z a-z 0-9 + /, padded with = to a multiple of 4)");
  }
  return bytesToPcm16(Buffer.from(base64, "base64"));
}

/** Samples scaled to [-1, 1). */
export function pcm16ToFloat32(samples: Int16Array): Float32Array {
  const out = new Float32Array(samples.length);
  for (let i = 0; i < samples.length; i++) out[i] = (samples[i] ?? 0) / 32768;
  return out;
}

/** Floats in [-1, 1] rounded to PCM16, clipping anything outside. */
export function float32ToPcm16(samples: Float32Array | readonly number[]): Int16Array {
  const out = new Int16Array(samples.length);
  for (let i = 0; i < samples.length; i++) {
    const scaled = Math.round((samples[i] ?? 0) * 32768);
    out[i] = Math.min(32767, Math.max(-32768, scaled));
  }
  return out;
}

/** One Int16Array holding `chunks` one after the other. */
export function concatPcm16(chunks: readonly Int16Array[]): Int16Array {
  let length = 0;
  for (const chunk of chunks) length += chunk.length;
  const out = new Int16Array(length);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}

/** Milliseconds that `samples` last at `sampleRate`. */
export function durationMs(samples: number, sampleRate: number): number {
  return (samples * 1000) / sampleRate;
}

/** Samples in `ms` milliseconds at `sampleRate`, rounded down. */
export function samplesIn(ms: number, sampleRate: number): number {
  return Math.floor((ms * sampleRate) / 1000);
}

/** Root-mean-square level of `samples` in dB relative to full scale (-Infinity for digital silence). */
export function levelDbfs(samples: Int16Array): number {
  if (samples.length === 0) return Number.NEGATIVE_INFINITY;
  let sum = 0;
  for (let i = 0; i < samples.length; i++) {
    const s = (samples[i] ?? 0) / 32768;
    sum += s * s;
  }
  return 10 * Math.log10(sum / samples.length);
}
