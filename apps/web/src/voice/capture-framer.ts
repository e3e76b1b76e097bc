/**
 * What the capture worklet does with the microphone's samples: floats at the audio context's rate become
 * PCM16 at 16 kHz (resampled with @interject/speech's polyphase windowed-sinc filter where the context runs at
 * another rate, as Firefox's does), cut into the wire's 40 ms frames, each with its level for the meter.
 * Pure, so it is tested without a browser.
 */
// The zod-free part of the protocol: the worklet bundle stays small.
import { AUDIO_INPUT_FRAME_MS, VOICE_INPUT_SAMPLE_RATE } from "@interject/protocol/audio-frames";
import { Resampler } from "@interject/speech/resampler";

export const INPUT_FRAME_SAMPLES = (VOICE_INPUT_SAMPLE_RATE * AUDIO_INPUT_FRAME_MS) / 1000;

export interface CapturedFrame {
  samples: Int16Array;
  /** RMS level in dBFS (-100 for silence). */
  levelDbfs: number;
}

export function floatToPcm16(input: Float32Array): Int16Array {
  const out = new Int16Array(input.length);
  for (let i = 0; i < input.length; i++) {
    const s = Math.max(-1, Math.min(1, input[i] ?? 0));
    out[i] = Math.round(s < 0 ? s * 32768 : s * 32767);
  }
  return out;
}

export function levelOf(samples: Int16Array): number {
  if (samples.length === 0) return -100;
  let sum = 0;
  for (let i = 0; i < samples.length; i++) sum += ((samples[i] ?? 0) / 32768) ** 2;
  return Math.max(-100, 10 * Math.log10(sum / samples.length + 1e-10));
}

export class CaptureFramer {
  private readonly resampler: Resampler | null;
  private frame = new Int16Array(INPUT_FRAME_SAMPLES);
  private fill = 0;

  constructor(readonly inputRate: number) {
    this.resampler =
      inputRate === VOICE_INPUT_SAMPLE_RATE ? null : new Resampler(inputRate, VOICE_INPUT_SAMPLE_RATE);
  }

  /**
   * Adds the next samples; returns them at 16 kHz (for the barge-in detector, without waiting for a frame)
   * and the 40 ms frames they complete (each a fresh array).
   */
  push(input: Float32Array): { samples: Int16Array; frames: CapturedFrame[] } {
    const pcm = floatToPcm16(input);
    const samples = this.resampler ? this.resampler.push(pcm) : pcm;
    const frames: CapturedFrame[] = [];
    for (let i = 0; i < samples.length; i++) {
      this.frame[this.fill++] = samples[i] ?? 0;
      if (this.fill === INPUT_FRAME_SAMPLES) {
        frames.push({ samples: this.frame, levelDbfs: levelOf(this.frame) });
        this.frame = new Int16Array(INPUT_FRAME_SAMPLES);
        this.fill = 0;
      }
    }
    return { samples, frames };
  }
}
