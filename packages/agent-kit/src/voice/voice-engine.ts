/**
 * The speech engines a kit agent can talk through, behind one interface: the offline pipeline (voice
 * activity detection, pocketsphinx, the agent's own model, espeak-ng) and a speech-to-speech model (Amazon
 * Nova Sonic) that hears, answers and speaks itself, calling the agent's tools. Both give a
 * `SpeechSession` of @interject/speech, whose events the voice conversation turns into turns, traces and
 * `bidi_*` messages.
 */
import type { HistoryTurn, VoiceOutputSampleRate } from "@interject/protocol";
import type { Responder, SpeechSession } from "@interject/speech";
import type { Logger } from "../logger.ts";
import type { ToolSpec } from "../models/provider.ts";

export interface VoiceOpenContext {
  /** The rate the client plays answers at (its `voice_start`). */
  outputSampleRate: VoiceOutputSampleRate;
  /** The agent's model writing an answer (engines that use the agent's model: the offline pipeline). */
  respond: Responder;
  /** For a speech-to-speech model: the agent's system prompt, its tools and the conversation so far. */
  system: string;
  tools: readonly ToolSpec[];
  history: readonly HistoryTurn[];
  logger: Logger;
}

export interface VoiceEngine {
  /** "offline" or "nova-sonic". */
  readonly name: string;
  /** What `bidi_connection_start.model` names: "offline" or the model id. */
  readonly model: string;
  /** Who does each stage, for the voice traces: "pocketsphinx", "espeak-ng", or the model id. */
  readonly speechToText: string;
  readonly textToSpeech: string;
  /** True when the agent's own model writes the answers (through `respond`); false when the engine does. */
  readonly usesAgentModel: boolean;
  open(context: VoiceOpenContext): Promise<SpeechSession>;
}

/** The engine the agent speaks through, or why it has none (said to a client that turns voice on). */
export type VoiceAvailability = { engine: VoiceEngine } | { engine: null; reason: string };
