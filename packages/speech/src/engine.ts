/**
 * The interfaces speech engines implement. Two kinds sit behind them:
 * - the offline pipeline (this package): voice activity detection -> speech to text -> the agent's own
 *   model (the `respond` callback) -> text to speech, sentence by sentence;
 * - a speech-to-speech model such as Amazon Nova Sonic (production, later): audio in, audio and transcripts
 *   out, barge-in detected by the model, tools called by the model.
 * Both produce the same `SpeechEvent`s, which map one to one onto the Strands bidirectional events on the
 * wire (`bidi_transcript_stream`, `bidi_audio_stream`, `bidi_interruption`, `bidi_response_*`,
 * `bidi_usage`, `bidi_error`), so the agent's voice wiring does not depend on the engine.
 */

/** One recognised word with its place in the utterance. */
export interface RecognizedWord {
  word: string;
  startMs: number;
  endMs: number;
}

export interface RecognitionResult {
  /** The words heard, lower case, space separated; empty when nothing was recognised. */
  text: string;
  words: RecognizedWord[];
  /** From `end()` to this result. */
  latencyMs: number;
}

/** One utterance being recognised while it is spoken. */
export interface UtteranceRecognition {
  /** More 16 kHz PCM16 audio of the utterance, as it arrives. */
  write(samples: Int16Array): void;
  /** The utterance is over: the final result. */
  end(): Promise<RecognitionResult>;
  /** Forget the utterance (its result, if any, is dropped). */
  cancel(): void;
}

/** Speech to text, streaming. */
export interface SpeechRecognizer {
  readonly name: string;
  begin(): UtteranceRecognition;
  close(): Promise<void>;
}

/** Text to speech, one piece of text at a time. */
export interface SpeechSynthesizer {
  readonly name: string;
  /** The rate of the audio it yields. */
  readonly sampleRate: number;
  /** PCM16 mono audio of `text` as it is produced; stops (and frees the work at once) when `signal` aborts. */
  synthesize(text: string, signal?: AbortSignal): AsyncIterable<Int16Array>;
  close(): Promise<void>;
}

export type ResponseStopReason = "complete" | "interrupted" | "error";

/** What an engine session tells the agent, in order. */
export type SpeechEvent =
  /** The user started speaking (at `atMs` on the session's audio clock). */
  | { type: "speech_started"; atMs: number }
  /** The user stopped speaking; recognition is finishing. */
  | { type: "speech_ended"; atMs: number }
  /** What the user said (final) or the assistant is saying (the piece being spoken). */
  | { type: "transcript"; role: "user" | "assistant"; text: string; isFinal: boolean }
  | { type: "response_start"; responseId: string }
  /**
   * Answer audio at the engine's output rate. `text` is the piece of the answer it speaks and `piece` its
   * number, so what the user heard can be told from the samples played (`HeardText`).
   */
  | {
      type: "audio";
      responseId: string;
      samples: Int16Array;
      sampleRate: number;
      text: string;
      piece: number;
    }
  /** The answer was cut off because the user spoke (barge-in) or failed. */
  | { type: "interruption"; responseId: string; reason: "user_speech" | "error" }
  | { type: "response_complete"; responseId: string; stopReason: ResponseStopReason }
  /**
   * A speech-to-speech model asks for a tool (the offline engine never does: there the agent's own model
   * calls tools inside `respond`). The agent runs it, with its approvals and traces, and answers with
   * `SpeechSession.pushToolResult`.
   */
  | { type: "tool_use"; callId: string; name: string; input: unknown }
  | { type: "usage"; inputTokens: number; outputTokens: number; totalTokens: number }
  /**
   * For traces: milliseconds from the end of the user's speech (the real end, before the VAD's hangover) to
   * the recognised text (`recognition`) or the first answer audio (`first_audio`).
   */
  | { type: "latency"; stage: "recognition" | "first_audio"; ms: number }
  | { type: "error"; message: string; code: string };

/** One voice conversation with an engine: audio goes in, events come out. */
export interface SpeechSession {
  /** More of the user's audio: PCM16 mono 16 kHz. */
  pushAudio(samples: Int16Array): void;
  /** A typed message instead of speech (`bidi_text_input`): answered like a spoken one. */
  pushText(text: string): void;
  /** The user finished speaking (push-to-talk released): end the utterance without waiting for silence. */
  endOfSpeech(): void;
  /** Stop the answer now (a client-side barge-in, or the user pressed stop). */
  interrupt(): void;
  /**
   * The client's playback of the answer stopped (it played to the end, or was cut off), as its
   * `playback_mark` says: an engine that estimates when its voice plays (the half-duplex gate) stops
   * estimating.
   */
  playbackStopped?(): void;
  /** The result of a `tool_use` (only engines that emit `tool_use` implement it). */
  pushToolResult?(callId: string, output: string, isError: boolean): void;
  /** The events, until `close()`. */
  events(): AsyncIterable<SpeechEvent>;
  close(): Promise<void>;
}

/**
 * Something that opens speech sessions. What a session needs differs by kind: the offline pipeline takes
 * the agent's model as a `respond` callback; a speech-to-speech model takes the system prompt, the tools
 * and the history.
 */
export interface SpeechEngine<OpenOptions> {
  readonly name: string;
  /** The rate of the answer audio its sessions produce (16 or 24 kHz). */
  readonly outputSampleRate: number;
  open(options: OpenOptions): Promise<SpeechSession>;
}
