/**
 * Voice on the same WebSocket, in the vocabulary of the Strands bidirectional agent
 * (strands-agents/sdk-python, src/strands/experimental/bidi/types/events.py): the `bidi_*` event names and
 * their fields exactly as Strands writes them (snake_case, and `inputTokens`... in `bidi_usage`), so clients
 * and containers written for a Strands `BidiAgent` interoperate. A Strands agent rebuilds an input event
 * with `Event(**fields)`, so client messages carry no field beyond Strands' own. Agent messages add Interject's
 * `seq` (every agent message has one). Where Strands allows more than Interject handles, the schema is
 * narrower and says so: audio in is PCM16 mono 16 kHz only, audio out PCM16 mono 16 or 24 kHz.
 *
 * What Interject adds, with its own names: `voice_start` / `voice_end` (the client turns voice on and off;
 * the agent answers with `bidi_connection_start` / `bidi_connection_close`), `utterance_end` (push-to-talk
 * released: the utterance ends without waiting for silence) and `playback_mark` (how much of an answer's
 * audio the user actually heard, sent when playback stops, so an interrupted turn keeps only that).
 *
 * Both unions are joined into `ClientMessage` / `AgentMessage` (client-messages.ts, agent-messages.ts); the
 * voice stream messages (`VoiceStreamMessage`) into `StreamMessage`. What the user says and what the agent
 * answers also travel as an ordinary turn (`turn`, `chunk`, `complete` / `interrupted`), so history, the
 * broker and every text client see a spoken exchange like a typed one.
 */
import { z } from "zod";
import { VOICE_INPUT_SAMPLE_RATE, VOICE_OUTPUT_SAMPLE_RATES } from "./audio-frames.ts";
import { Id, Seq } from "./common.ts";
import { MAX_FRAME_BYTES, MAX_PROMPT_CHARS } from "./limits.ts";

/** Base64 of PCM16 audio: canonical, whole samples are checked by the receiver (an odd byte count is refused). */
export const Base64Audio = z
  .string()
  .min(4)
  .max(MAX_FRAME_BYTES)
  .regex(/^[A-Za-z0-9+/]+={0,2}$/, "base64 (A-Z a-z 0-9 + /, = padding)")
  .refine((s) => s.length % 4 === 0, "base64 padded to a multiple of 4 characters");

/** Strands' roles, stop reasons and close reasons, named once. */
export const BidiRole = z.enum(["user", "assistant"]);
export type BidiRole = z.infer<typeof BidiRole>;
export const BidiStopReason = z.enum(["complete", "error", "interrupted", "tool_use"]);
export type BidiStopReason = z.infer<typeof BidiStopReason>;
export const BidiInterruptionReason = z.enum(["user_speech", "error"]);
export type BidiInterruptionReason = z.infer<typeof BidiInterruptionReason>;
export const BidiCloseReason = z.enum(["client_disconnect", "timeout", "error", "complete", "user_request"]);
export type BidiCloseReason = z.infer<typeof BidiCloseReason>;
/** How the browser's microphone is used: always listening, or only while a key or button is held. */
export const VoiceInputMode = z.enum(["open_mic", "push_to_talk"]);
export type VoiceInputMode = z.infer<typeof VoiceInputMode>;

const OutputSampleRate = z.literal(VOICE_OUTPUT_SAMPLE_RATES);
const Tokens = z.int().min(0);

// ---- client to agent ----------------------------------------------------------------------------------

/** The user's audio. Strands allows pcm|wav|opus|mp3 at 16/24/48 kHz, mono or stereo; Interject takes PCM16 mono 16 kHz. */
export const BidiAudioInputMessage = z.strictObject({
  type: z.literal("bidi_audio_input"),
  audio: Base64Audio,
  format: z.literal("pcm"),
  sample_rate: z.literal(VOICE_INPUT_SAMPLE_RATE),
  channels: z.literal(1),
});

/** Typed text during a voice conversation, answered in speech. Strands' role defaults to "user"; Interject takes only that. */
export const BidiTextInputMessage = z.strictObject({
  type: z.literal("bidi_text_input"),
  text: z.string().min(1).max(MAX_PROMPT_CHARS),
  role: z.literal("user").optional(),
});

/** Turn voice on for this connection; the agent answers `bidi_connection_start`. */
export const VoiceStartMessage = z.strictObject({
  type: z.literal("voice_start"),
  mode: VoiceInputMode,
  /** The rate the client plays answers at (its AudioContext's). */
  outputSampleRate: OutputSampleRate,
});

/** Turn voice off; the agent stops any answer and answers `bidi_connection_close` (`user_request`). */
export const VoiceEndMessage = z.strictObject({ type: z.literal("voice_end") });

/** Push-to-talk released: the utterance is over now, without waiting for the VAD's silence. */
export const UtteranceEndMessage = z.strictObject({ type: z.literal("utterance_end") });

/**
 * How much of an answer's audio the user heard, counted in samples at the playback worklet: sent when
 * playback of that answer stops, whether it finished or was cut off (barge-in, stop, voice off).
 */
export const PlaybackMarkMessage = z.strictObject({
  type: z.literal("playback_mark"),
  /** The answer's `response_id` (from `bidi_response_start`). */
  responseId: Id,
  playedSamples: z.int().min(0).max(Number.MAX_SAFE_INTEGER),
  sampleRate: OutputSampleRate,
  reason: z.enum(["finished", "interrupted"]),
});

export const VoiceClientMessage = z.discriminatedUnion("type", [
  BidiAudioInputMessage,
  BidiTextInputMessage,
  VoiceStartMessage,
  VoiceEndMessage,
  UtteranceEndMessage,
  PlaybackMarkMessage,
]);

// ---- agent to client ----------------------------------------------------------------------------------

export const BidiConnectionStartMessage = z.strictObject({
  type: z.literal("bidi_connection_start"),
  seq: Seq,
  connection_id: Id,
  /** The speech engine and model, e.g. "offline" or "amazon.nova-2-sonic-v1:0". */
  model: z.string().min(1).max(128),
});

export const BidiConnectionCloseMessage = z.strictObject({
  type: z.literal("bidi_connection_close"),
  seq: Seq,
  connection_id: Id,
  reason: BidiCloseReason,
});

export const BidiResponseStartMessage = z.strictObject({
  type: z.literal("bidi_response_start"),
  seq: Seq,
  response_id: Id,
});

export const BidiAudioStreamMessage = z.strictObject({
  type: z.literal("bidi_audio_stream"),
  seq: Seq,
  audio: Base64Audio,
  format: z.literal("pcm"),
  sample_rate: OutputSampleRate,
  channels: z.literal(1),
});

/** Speech as text: the user's (final once recognised) or the assistant's (what it is saying). */
export const BidiTranscriptStreamMessage = z.strictObject({
  type: z.literal("bidi_transcript_stream"),
  seq: Seq,
  /** Strands' ContentBlockDelta; for transcripts always `{ text }`. */
  delta: z.strictObject({ text: z.string().max(MAX_PROMPT_CHARS) }),
  text: z.string().max(MAX_PROMPT_CHARS),
  role: BidiRole,
  is_final: z.boolean(),
  /** The transcript so far (null for a first delta). */
  current_transcript: z.string().max(MAX_PROMPT_CHARS).nullable(),
});

export const BidiInterruptionMessage = z.strictObject({
  type: z.literal("bidi_interruption"),
  seq: Seq,
  reason: BidiInterruptionReason,
});

export const BidiResponseCompleteMessage = z.strictObject({
  type: z.literal("bidi_response_complete"),
  seq: Seq,
  response_id: Id,
  stop_reason: BidiStopReason,
});

export const BidiModalityUsage = z.strictObject({
  modality: z.enum(["text", "audio", "image", "cached"]),
  input_tokens: Tokens,
  output_tokens: Tokens,
});

/** Token usage; Strands spells these fields in camelCase, unlike its other events. */
export const BidiUsageMessage = z.strictObject({
  type: z.literal("bidi_usage"),
  seq: Seq,
  inputTokens: Tokens,
  outputTokens: Tokens,
  totalTokens: Tokens,
  modality_details: z.array(BidiModalityUsage).max(8).optional(),
  cacheReadInputTokens: Tokens.optional(),
  cacheWriteInputTokens: Tokens.optional(),
});

export const BidiErrorMessage = z.strictObject({
  type: z.literal("bidi_error"),
  seq: Seq,
  message: z.string().min(1).max(2000),
  /** Strands puts the exception's class name here. */
  code: z.string().min(1).max(128),
  details: z.record(z.string(), z.json()).nullable(),
});

export const VoiceAgentMessage = z.discriminatedUnion("type", [
  BidiConnectionStartMessage,
  BidiConnectionCloseMessage,
  BidiResponseStartMessage,
  BidiAudioStreamMessage,
  BidiTranscriptStreamMessage,
  BidiInterruptionMessage,
  BidiResponseCompleteMessage,
  BidiUsageMessage,
  BidiErrorMessage,
]);

/**
 * The voice messages that belong to the session's event log (next seq, replayed on `resume`, reported to the
 * broker; the answer audio only when the agent's audio-storage setting says so). See `isVoiceStreamMessage`.
 */
export const VoiceStreamMessage = z.discriminatedUnion("type", [
  BidiResponseStartMessage,
  BidiAudioStreamMessage,
  BidiTranscriptStreamMessage,
  BidiInterruptionMessage,
  BidiResponseCompleteMessage,
  BidiUsageMessage,
]);

export type BidiAudioInputMessage = z.infer<typeof BidiAudioInputMessage>;
export type BidiTextInputMessage = z.infer<typeof BidiTextInputMessage>;
export type VoiceStartMessage = z.infer<typeof VoiceStartMessage>;
export type VoiceEndMessage = z.infer<typeof VoiceEndMessage>;
export type UtteranceEndMessage = z.infer<typeof UtteranceEndMessage>;
export type PlaybackMarkMessage = z.infer<typeof PlaybackMarkMessage>;
export type VoiceClientMessage = z.infer<typeof VoiceClientMessage>;
export type VoiceClientMessageType = VoiceClientMessage["type"];
export type BidiConnectionStartMessage = z.infer<typeof BidiConnectionStartMessage>;
export type BidiConnectionCloseMessage = z.infer<typeof BidiConnectionCloseMessage>;
export type BidiResponseStartMessage = z.infer<typeof BidiResponseStartMessage>;
export type BidiAudioStreamMessage = z.infer<typeof BidiAudioStreamMessage>;
export type BidiTranscriptStreamMessage = z.infer<typeof BidiTranscriptStreamMessage>;
export type BidiInterruptionMessage = z.infer<typeof BidiInterruptionMessage>;
export type BidiResponseCompleteMessage = z.infer<typeof BidiResponseCompleteMessage>;
export type BidiUsageMessage = z.infer<typeof BidiUsageMessage>;
export type BidiErrorMessage = z.infer<typeof BidiErrorMessage>;
export type VoiceAgentMessage = z.infer<typeof VoiceAgentMessage>;
export type VoiceAgentMessageType = VoiceAgentMessage["type"];
export type VoiceStreamMessage = z.infer<typeof VoiceStreamMessage>;

export const VOICE_CLIENT_MESSAGE_TYPES: readonly VoiceClientMessageType[] = VoiceClientMessage.options.map(
  (option) => option.shape.type.value,
);
export const VOICE_AGENT_MESSAGE_TYPES: readonly VoiceAgentMessageType[] = VoiceAgentMessage.options.map(
  (option) => option.shape.type.value,
);

/**
 * Whether a voice message belongs to the session's event log (takes the next seq, is replayed on `resume`),
 * like `chunk`: responses, transcripts, interruptions, usage and the answer audio. Connection start and
 * close, and errors, belong to one socket and repeat the latest seq, like `session` and `pong`. Audio is
 * replayed so a short reconnect loses no answer; whether it is also reported to the broker is a setting
 * (audio is not stored unless it says so).
 */
export function isVoiceStreamMessage(message: VoiceAgentMessage): message is VoiceStreamMessage {
  return (
    message.type !== "bidi_connection_start" &&
    message.type !== "bidi_connection_close" &&
    message.type !== "bidi_error"
  );
}
