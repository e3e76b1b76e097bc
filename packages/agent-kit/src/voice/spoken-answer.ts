/**
 * One spoken answer: an engine response and the session turn that carries it. It holds the text the turn
 * streamed (and, for the offline pipeline, hands it on to the synthesizer), the pieces the engine spoke with
 * their samples, the client's playback mark, and the moment the turn may end: when the client has played
 * the whole answer, or when the answer was cut off and the mark (or the wait for it) says what was heard.
 */
import type { BidiStopReason, InterruptReason, PlaybackMarkMessage } from "@interject/protocol";
import { EventQueue } from "@interject/speech";
import type { ToolCall } from "../models/provider.ts";
import type { TurnIO } from "../session/turn-io.ts";
import { heardPrefix, SpokenPieces } from "./heard-text.ts";

/** When the user's speech ended and what the engine needed to hear it, for the turn's voice traces. */
export interface SpeechTiming {
  /** Epoch ms of the real end of speech (before the detector's hangover), or null for typed text. */
  endedAt: number | null;
  /** How long the voice activity detector took to be sure the speech had ended. */
  decisionMs: number;
  /** End of speech to the recognised text. */
  recognitionMs: number | null;
}

/** What a speech-to-speech engine gives a turn to write: its text and its tool calls, in order. */
export type EngineItem = { kind: "text"; text: string } | { kind: "tool"; call: ToolCall };

export class SpokenAnswer {
  prompt = "";
  turnId: string | null = null;
  /** The turn's IO once its runner started (traces go through it). */
  io: TurnIO | null = null;
  /** Everything the turn streamed, in order: what `heard` is a prefix of. */
  streamed = "";
  readonly pieces = new SpokenPieces();
  sampleRate = 0;
  /** Epoch ms when the first audio went out, and what the engine measured from the end of speech to it. */
  firstAudioAt: number | null = null;
  firstAudioMs: number | null = null;
  /** Text for the synthesizer (offline pipeline): what the agent's model writes. */
  readonly text = new EventQueue<string>();
  /** Text and tool calls from a speech-to-speech engine. */
  readonly items = new EventQueue<EngineItem>();
  /** The engine's signal for this answer (offline: `respond`'s): aborted when the engine stops it. */
  engineSignal: AbortSignal | null = null;
  /** How the engine's response ended, once it has. */
  engineDone: BidiStopReason | null = null;
  /** The voice failed mid-answer: the turn finishes in text without waiting for playback. */
  voiceFailed = false;
  /** The answer was cut off (barge-in, Stop, voice off), at this epoch ms. */
  cutAt: number | null = null;
  /** Why, for the turn's `interrupted` message. */
  stopReason: InterruptReason = "barge_in";
  mark: PlaybackMarkMessage | null = null;
  /** The turn has ended or is ending: nothing more changes it. */
  settled = false;
  timer: NodeJS.Timeout | null = null;
  speech: SpeechTiming = { endedAt: null, decisionMs: 0, recognitionMs: null };
  /** Speech-to-speech: when the turn started, its first text, and token usage, for its model_call trace. */
  startedAt = 0;
  firstTextAt: number | null = null;
  inputTokens = 0;
  outputTokens = 0;
  private releaseTurn: () => void = () => {};
  /** Resolves when the turn may end normally: the client played the answer (or voice failed). */
  readonly released: Promise<void>;

  constructor(readonly responseId: string) {
    this.released = new Promise<void>((resolve) => {
      this.releaseTurn = resolve;
    });
  }

  /** Lets the turn complete (the whole answer was heard, or voice failed and the text is the answer). */
  release(): void {
    this.settled = true;
    this.clearTimer();
    this.releaseTurn();
  }

  clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /** Samples of this answer the client played: its mark, or an estimate from when the audio went out. */
  playedSamples(now: number): number {
    const total = this.pieces.totalSamples;
    if (this.mark && this.sampleRate > 0) {
      return Math.min(total, Math.round((this.mark.playedSamples * this.sampleRate) / this.mark.sampleRate));
    }
    if (this.firstAudioAt === null) return 0;
    const elapsed = Math.max(0, (this.cutAt ?? now) - this.firstAudioAt);
    return Math.min(total, Math.floor((elapsed * this.sampleRate) / 1000));
  }

  /** What the user heard after `played` samples: a prefix of the streamed text. */
  heard(played: number): string {
    return heardPrefix(this.streamed, this.pieces.pieces, played);
  }

  /** When the client should finish playing what was sent (epoch ms): pacing keeps it close to real time. */
  expectedPlaybackEnd(): number {
    if (this.firstAudioAt === null || this.sampleRate === 0) return 0;
    return this.firstAudioAt + (this.pieces.totalSamples * 1000) / this.sampleRate;
  }
}
