/**
 * Voice activity detection on 16 kHz PCM16, for the end of an utterance and for barge-in. An energy
 * detector made robust the usual way: a 100 Hz high-pass removes hum and DC; each 10 ms frame's level is
 * compared with the noise floor (the quietest frame of the last seconds of non-speech, so steady noise
 * raises the floor and is never speech); speech starts after enough loud frames within a short window (a
 * click or a cough is too short) and ends after a hangover of quiet frames.
 *
 * While the agent speaks the half-duplex gate is closed, so the agent's own voice coming back through the
 * microphone (what echo cancellation left of it) does not barge in. Without an echo reference the gate
 * raises the thresholds to a fixed level that an echo does not reach. With one (the client knows what it is
 * playing: `setEchoReference`, fed by `PlaybackLevel`), the gate is relative to the echo instead, as a
 * double-talk detector is: the detector learns how loud the playback comes back (the coupling, in dB, from
 * frames in which the user was not speaking) and counts a frame as speech only when it is louder than the
 * playback's recent peak plus that coupling plus a margin. A quiet room or good echo cancellation then lets a
 * soft first sound ("th", "h", "f") barge in at once; a loud echo raises the bar as high as it must.
 */
import { INPUT_SAMPLE_RATE } from "./pcm.ts";

export interface VadOptions {
  /** dB above the noise floor that a frame must reach to count as speech. */
  thresholdDb: number;
  /** Absolute level (dBFS) below which a frame is never speech, however quiet the room. */
  minLevelDbfs: number;
  /**
   * The same two while the half-duplex gate is closed (the agent is speaking) and the echo is known (an echo
   * reference is given and the coupling learned): the echo bound below does the rest.
   */
  gatedThresholdDb: number;
  gatedMinLevelDbfs: number;
  /**
   * While the gate is closed and the echo is not known (no reference, or not yet learned): a fixed level
   * that an echo does not reach, and the threshold above the floor that goes with it.
   */
  unknownEchoThresholdDb: number;
  unknownEchoMinLevelDbfs: number;
  /** How far above the learned echo (the playback's recent peak plus the coupling) speech must be. */
  echoMarginDb: number;
  /** Reference levels below this are silence: nothing is played that could come back. */
  echoReferenceFloorDbfs: number;
  /** Coupling observations kept (10 ms frames while playing), and how many are needed before they count. */
  echoLearnFrames: number;
  echoLearnMinFrames: number;
  /** The percentile of the observations taken as the coupling (high: the echo's loud moments). */
  echoPercentile: number;
  /** Speech frames needed, within `onsetWindowMs`, to decide that speech started. */
  onsetMs: number;
  onsetWindowMs: number;
  /**
   * The same while the gate is closed: shorter, because only speech well above the echo gets that far, and
   * barge-in must stop playback within 150 ms of the user's first word (a click is still too short).
   */
  gatedOnsetMs: number;
  /** Quiet time after the last speech frame before the utterance ends (adds to answer latency). */
  hangoverMs: number;
  /** How far back the noise floor looks for its quietest frame. */
  noiseWindowMs: number;
  /** An utterance longer than this is ended anyway (a noise that never stops). */
  maxUtteranceMs: number;
}

export const DEFAULT_VAD_OPTIONS: VadOptions = {
  thresholdDb: 14,
  minLevelDbfs: -52,
  gatedThresholdDb: 20,
  gatedMinLevelDbfs: -46,
  unknownEchoThresholdDb: 26,
  unknownEchoMinLevelDbfs: -32,
  echoMarginDb: 6,
  echoReferenceFloorDbfs: -60,
  echoLearnFrames: 400,
  echoLearnMinFrames: 50,
  echoPercentile: 90,
  onsetMs: 60,
  onsetWindowMs: 100,
  gatedOnsetMs: 40,
  hangoverMs: 300,
  noiseWindowMs: 3000,
  maxUtteranceMs: 20_000,
};

export type VadEvent =
  | {
      type: "speech_start";
      /** Sample index (from the first sample pushed) where speech began: the first loud frame. */
      startSample: number;
      /** Sample index at which the detector decided (startSample + the onset time it needed). */
      atSample: number;
    }
  | {
      type: "speech_end";
      /** Sample index just after the last speech frame. */
      endSample: number;
      /** Sample index at which the detector decided (endSample + the hangover). */
      atSample: number;
    };

const FRAME_MS = 10;
const FRAME = (INPUT_SAMPLE_RATE * FRAME_MS) / 1000;

/** A second-order Butterworth high-pass (RBJ cookbook biquad). */
class HighPass {
  private readonly b0: number;
  private readonly b1: number;
  private readonly b2: number;
  private readonly a1: number;
  private readonly a2: number;
  private x1 = 0;
  private x2 = 0;
  private y1 = 0;
  private y2 = 0;

  constructor(cutoffHz: number, sampleRate: number) {
    const w = (2 * Math.PI * cutoffHz) / sampleRate;
    const alpha = Math.sin(w) / (2 * Math.SQRT1_2);
    const cos = Math.cos(w);
    const a0 = 1 + alpha;
    this.b0 = (1 + cos) / 2 / a0;
    this.b1 = -(1 + cos) / a0;
    this.b2 = (1 + cos) / 2 / a0;
    this.a1 = (-2 * cos) / a0;
    this.a2 = (1 - alpha) / a0;
  }

  next(x: number): number {
    const y = this.b0 * x + this.b1 * this.x1 + this.b2 * this.x2 - this.a1 * this.y1 - this.a2 * this.y2;
    this.x2 = this.x1;
    this.x1 = x;
    this.y2 = this.y1;
    this.y1 = y;
    return y;
  }
}

export class VoiceActivityDetector {
  readonly options: VadOptions;
  private readonly filter = new HighPass(100, INPUT_SAMPLE_RATE);
  private readonly frame = new Float64Array(FRAME);
  private frameFill = 0;
  /** Samples consumed into whole frames so far. */
  private position = 0;
  private gated = false;
  private speaking = false;
  /** Levels (dBFS) of recent non-speech frames: the noise floor is their minimum. */
  private readonly noise: number[] = [];
  /** Whether each of the last onset-window frames was loud. */
  private readonly recent: boolean[] = [];
  private quietFrames = 0;
  private lastSpeechEnd = 0;
  private utteranceStart = 0;
  /** The playback's recent peak (dBFS), or null when no echo reference is given. */
  private echoReference: number | null = null;
  /** Recent observations of the microphone's level minus the reference's, while playing and not speaking. */
  private readonly couplings: number[] = [];

  constructor(options: Partial<VadOptions> = {}) {
    this.options = { ...DEFAULT_VAD_OPTIONS, ...options };
  }

  /** Whether an utterance is in progress. */
  get inSpeech(): boolean {
    return this.speaking;
  }

  /** Samples consumed so far (the clock the events' sample indexes use). */
  get samplesSeen(): number {
    return this.position + this.frameFill;
  }

  /** The current noise floor in dBFS (the minimum level of recent non-speech frames). */
  get noiseFloorDbfs(): number {
    return this.noise.length === 0 ? Number.NEGATIVE_INFINITY : Math.min(...this.noise);
  }

  /**
   * Closes (true) or opens (false) the half-duplex gate: while the agent's voice plays, only speech above
   * the gated thresholds counts, so the agent's own echo does not barge in.
   */
  setGate(closed: boolean): void {
    this.gated = closed;
  }

  get gateClosed(): boolean {
    return this.gated;
  }

  /**
   * The echo reference: the loudest level (dBFS) of what was played over the last echo tail, as of now
   * (`PlaybackLevel.levelDbfs`). Give it before each push while voice is on; null forgets it.
   */
  setEchoReference(levelDbfs: number | null): void {
    this.echoReference = levelDbfs;
  }

  /**
   * How loud the playback comes back through the microphone, relative to the reference (dB; the chosen
   * percentile of recent observations), or null until enough were seen.
   */
  get echoCouplingDb(): number | null {
    const o = this.options;
    if (this.couplings.length < o.echoLearnMinFrames) return null;
    const sorted = [...this.couplings].sort((a, b) => a - b);
    const index = Math.min(sorted.length - 1, Math.floor((o.echoPercentile / 100) * sorted.length));
    return sorted[index] ?? null;
  }

  /** Feeds audio (any length); returns what happened in it, in order. */
  push(samples: Int16Array): VadEvent[] {
    const events: VadEvent[] = [];
    for (let i = 0; i < samples.length; i++) {
      this.frame[this.frameFill++] = this.filter.next((samples[i] ?? 0) / 32768);
      if (this.frameFill === FRAME) {
        this.frameFill = 0;
        const event = this.onFrame(frameLevel(this.frame));
        this.position += FRAME;
        if (event) events.push(event);
      }
    }
    return events;
  }

  /**
   * Ends an utterance in progress now (push-to-talk released, or the input stopped), as if the hangover had
   * passed. Returns the end event, or null when there was no speech.
   */
  end(): VadEvent | null {
    if (!this.speaking) return null;
    this.speaking = false;
    this.recent.length = 0;
    return { type: "speech_end", endSample: this.lastSpeechEnd, atSample: this.samplesSeen };
  }

  private onFrame(level: number): VadEvent | null {
    const o = this.options;
    const floor = this.noise.length === 0 ? level : this.noiseFloorDbfs;
    const reference = this.echoReference;
    const playing = reference !== null && reference > o.echoReferenceFloorDbfs;
    const coupling = reference === null ? null : this.echoCouplingDb;
    let threshold = o.thresholdDb;
    let minimum = o.minLevelDbfs;
    if (this.gated && coupling === null) {
      threshold = o.unknownEchoThresholdDb;
      minimum = o.unknownEchoMinLevelDbfs;
    } else if (this.gated) {
      threshold = o.gatedThresholdDb;
      minimum = o.gatedMinLevelDbfs;
    }
    // The echo bound holds whenever something was played within the tail, gate or not (its echo may still
    // be arriving after the gate opened).
    if (playing && coupling !== null) minimum = Math.max(minimum, reference + coupling + o.echoMarginDb);
    const loud = level >= minimum && level >= floor + threshold;
    // Learned outside speech only: once the user's speech is found playback stops, but the reference's tail
    // still reads as playing for a moment, and the user's voice is not echo.
    if (playing && !this.speaking) this.learnCoupling(level - reference);
    const frameEnd = this.position + FRAME;
    if (!this.speaking) {
      this.remember(level);
      this.recent.push(loud);
      const window = Math.max(1, Math.round(o.onsetWindowMs / FRAME_MS));
      if (this.recent.length > window) this.recent.shift();
      const needed = Math.max(1, Math.round((this.gated ? o.gatedOnsetMs : o.onsetMs) / FRAME_MS));
      const loudCount = this.recent.reduce((n, l) => n + (l ? 1 : 0), 0);
      if (loud && loudCount >= needed) {
        const first = this.recent.indexOf(true);
        const startSample = frameEnd - (this.recent.length - first) * FRAME;
        this.speaking = true;
        this.quietFrames = 0;
        this.lastSpeechEnd = frameEnd;
        this.utteranceStart = startSample;
        this.recent.length = 0;
        return { type: "speech_start", startSample, atSample: frameEnd };
      }
      return null;
    }
    if (loud) {
      this.quietFrames = 0;
      this.lastSpeechEnd = frameEnd;
    } else {
      this.quietFrames++;
    }
    const hangover = Math.max(1, Math.round(o.hangoverMs / FRAME_MS));
    const tooLong = frameEnd - this.utteranceStart >= (o.maxUtteranceMs * INPUT_SAMPLE_RATE) / 1000;
    if (this.quietFrames >= hangover || tooLong) {
      this.speaking = false;
      return { type: "speech_end", endSample: this.lastSpeechEnd, atSample: frameEnd };
    }
    return null;
  }

  private learnCoupling(difference: number): void {
    this.couplings.push(difference);
    if (this.couplings.length > this.options.echoLearnFrames) this.couplings.shift();
  }

  private remember(level: number): void {
    this.noise.push(level);
    const window = Math.max(1, Math.round(this.options.noiseWindowMs / FRAME_MS));
    if (this.noise.length > window) this.noise.shift();
  }
}

/** A frame's RMS level in dBFS, with a floor far below any real signal instead of -Infinity. */
function frameLevel(frame: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < frame.length; i++) sum += (frame[i] ?? 0) ** 2;
  return 10 * Math.log10(sum / frame.length + 1e-12);
}

/**
 * The echo reference for `VoiceActivityDetector.setEchoReference`: what the client is playing, as the
 * loudest 10 ms level of the last `tailMs` (the time its echo may take to come back through the room and
 * the audio stack). Push every block played, silence included, so the tail moves on in real time.
 */
export class PlaybackLevel {
  private readonly blocks: number[];
  private next = 0;
  private sum = 0;
  private count = 0;

  constructor(readonly tailMs = 300) {
    this.blocks = new Array<number>(Math.max(1, Math.round(tailMs / FRAME_MS))).fill(
      Number.NEGATIVE_INFINITY,
    );
  }

  /** Samples just played (floats in [-1, 1], or PCM16), at `sampleRate`. */
  push(samples: Float32Array | Int16Array, sampleRate: number): void {
    const scale = samples instanceof Int16Array ? 1 / 32768 : 1;
    const block = Math.max(1, Math.round((sampleRate * FRAME_MS) / 1000));
    for (let i = 0; i < samples.length; i++) {
      const x = (samples[i] ?? 0) * scale;
      this.sum += x * x;
      if (++this.count === block) {
        this.blocks[this.next] = 10 * Math.log10(this.sum / block + 1e-12);
        this.next = (this.next + 1) % this.blocks.length;
        this.sum = 0;
        this.count = 0;
      }
    }
  }

  /** The loudest 10 ms played within the tail, in dBFS (about -120 when nothing was). */
  get levelDbfs(): number {
    let max = Number.NEGATIVE_INFINITY;
    for (const level of this.blocks) if (level > max) max = level;
    return max;
  }
}
