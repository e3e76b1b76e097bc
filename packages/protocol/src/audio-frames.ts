/**
 * Audio on the wire: PCM16 mono, base64 in JSON text frames, cut so that every frame stays within
 * MAX_FRAME_BYTES and a voice connection stays far below AgentCore's 250 frames a second
 * (`WEBSOCKET_MAX_FRAMES_PER_SECOND`, owned by @interject/agentcore-sigv4).
 *
 * The arithmetic (README.md, "Voice"): audio in is 16 kHz PCM16 = 32,000 bytes a second; a 40 ms frame is
 * 1,280 bytes, 1,708 base64 characters, about 1.8 KB with its envelope, 25 frames a second. Audio out at
 * 24 kHz is 48,000 bytes a second; a 100 ms frame is 4,800 bytes, 6,400 characters, about 6.5 KB with its
 * envelope, 10 frames a second of playback. The most one frame can carry is about 6,060 bytes (126 ms at
 * 24 kHz, 189 ms at 16 kHz).
 */
import { MAX_FRAME_BYTES } from "./limits.ts";
import { jsonByteLength } from "./split-text.ts";

/** The rate of audio from the user (`bidi_audio_input`). */
export const VOICE_INPUT_SAMPLE_RATE = 16_000;
/** The rates the agent may speak at (`bidi_audio_stream`): Nova Sonic's 24 kHz, or 16 kHz. */
export const VOICE_OUTPUT_SAMPLE_RATES = [16_000, 24_000] as const;
export type VoiceOutputSampleRate = (typeof VOICE_OUTPUT_SAMPLE_RATES)[number];
/** Bytes per PCM16 mono sample. */
export const PCM16_BYTES_PER_SAMPLE = 2;
/** Duration of one `bidi_audio_input` frame the browser sends: 25 a second. */
export const AUDIO_INPUT_FRAME_MS = 40;
/** Duration of one `bidi_audio_stream` frame the agent sends: 10 a second of playback. */
export const AUDIO_OUTPUT_FRAME_MS = 100;

/**
 * The most PCM16 bytes one frame shaped like `envelope` can carry as base64 in its `audio` field, within
 * `maxFrameBytes`: a whole number of samples, and a multiple of 3 bytes so that only a last frame has base64
 * padding. A `seq` in the envelope is measured at its largest value.
 */
export function maxAudioBytesPerFrame(
  envelope: Record<string, unknown>,
  maxFrameBytes: number = MAX_FRAME_BYTES,
): number {
  const widest = "seq" in envelope ? { ...envelope, seq: Number.MAX_SAFE_INTEGER } : envelope;
  const overhead = jsonByteLength({ ...widest, audio: "" });
  const bytes = Math.floor((maxFrameBytes - overhead) / 4) * 3;
  const whole = bytes - (bytes % 6);
  if (whole < 6) {
    throw new RangeError(
      `the envelope alone takes ${overhead} of the ${maxFrameBytes} bytes a frame may have`,
    );
  }
  return whole;
}

/**
 * Cuts PCM16 bytes into pieces of at most `maxBytes` (rounded down to whole samples). Joining the pieces gives
 * back the input; no sample is ever split.
 */
export function splitAudioBytes(bytes: Uint8Array, maxBytes: number): Uint8Array[] {
  if (bytes.byteLength % PCM16_BYTES_PER_SAMPLE !== 0) {
    throw new RangeError(`PCM16 audio has an even number of bytes, got ${bytes.byteLength}`);
  }
  const step = maxBytes - (maxBytes % PCM16_BYTES_PER_SAMPLE);
  if (!Number.isInteger(maxBytes) || step < PCM16_BYTES_PER_SAMPLE) {
    throw new RangeError(`maxBytes must be an integer of at least 2 (one sample), got ${maxBytes}`);
  }
  const pieces: Uint8Array[] = [];
  for (let at = 0; at < bytes.byteLength; at += step) pieces.push(bytes.subarray(at, at + step));
  return pieces;
}

/** Base64 of bytes (browsers and Node alike). */
export function bytesToBase64(bytes: Uint8Array): string {
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}

/** Bytes of base64 text (throws on text that is not base64). */
export function base64ToBytes(base64: string): Uint8Array {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/**
 * The base64 `audio` of each frame for PCM16 `bytes` at `sampleRate`: `frameMs` of audio per frame (or less,
 * when that would not fit a frame shaped like `envelope`), cut on sample boundaries.
 */
export function audioFrames(
  bytes: Uint8Array,
  envelope: Record<string, unknown>,
  sampleRate: number,
  frameMs: number,
  maxFrameBytes: number = MAX_FRAME_BYTES,
): string[] {
  const wanted = Math.max(1, Math.floor((sampleRate * frameMs) / 1000)) * PCM16_BYTES_PER_SAMPLE;
  const size = Math.min(wanted, maxAudioBytesPerFrame(envelope, maxFrameBytes));
  return splitAudioBytes(bytes, size).map(bytesToBase64);
}
