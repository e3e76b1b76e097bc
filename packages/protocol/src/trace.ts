/**
 * Trace events: what the agent is doing while it answers. `milestone` is short and meant for users; every
 * other kind is for admins and is only sent on connections whose signed trace level is `full`.
 */
import { z } from "zod";
import { EpochMs, Id, InterruptionTraceReason, type TraceLevel } from "./common.ts";

const Millis = z.number().min(0).max(86_400_000);
const Tokens = z.int().min(0);

export const MilestoneTrace = z.strictObject({
  kind: z.literal("milestone"),
  at: EpochMs,
  text: z.string().min(1).max(200),
});

export const ReasoningTrace = z.strictObject({
  kind: z.literal("reasoning"),
  at: EpochMs,
  rationale: z.string().min(1).max(4000),
});

export const ToolCallTrace = z.strictObject({
  kind: z.literal("tool_call"),
  at: EpochMs,
  callId: Id,
  name: z.string().min(1).max(64),
  input: z.json(),
});

export const ToolResultTrace = z.strictObject({
  kind: z.literal("tool_result"),
  at: EpochMs,
  callId: Id,
  name: z.string().min(1).max(64),
  /** The tool's output, shortened by the agent so the frame stays within the limit. */
  output: z.string().max(4000),
  isError: z.boolean(),
  durationMs: Millis,
});

export const ModelCallTrace = z.strictObject({
  kind: z.literal("model_call"),
  at: EpochMs,
  provider: z.string().min(1).max(32),
  model: z.string().min(1).max(200),
  /** Null when the call produced no token (cancelled before the first one, or failed). */
  timeToFirstTokenMs: Millis.nullable(),
  latencyMs: Millis,
  inputTokens: Tokens,
  outputTokens: Tokens,
  stopReason: z.enum(["end_turn", "tool_use", "max_tokens", "cancelled", "error"]),
});

export const InterruptionTrace = z.strictObject({
  kind: z.literal("interruption"),
  at: EpochMs,
  reason: InterruptionTraceReason,
  /** Characters of the answer the user had received when it stopped (heard, for a spoken answer). */
  partialChars: z.int().min(0),
  /**
   * A spoken answer: what the user heard of it before it stopped (from the client's `playback_mark`), and
   * how much of its audio was played, in milliseconds. Shortened to fit a frame.
   */
  heard: z.string().max(4000).optional(),
  playedMs: Millis.optional(),
});

/** The stages of a spoken turn, traced in order (see `VoiceTrace`). */
export const VoiceStage = z.enum(["end_of_speech", "speech_to_text", "text_to_speech"]);
export type VoiceStage = z.infer<typeof VoiceStage>;

/**
 * One stage of a spoken turn, timed from the end of the user's speech (the real end, before the voice
 * activity detector's hangover): `end_of_speech` (`at` is that moment, `latencyMs` how long the detector
 * needed to be sure), `speech_to_text` (the recognised `text`, `latencyMs` after the end of speech) and
 * `text_to_speech` (the first answer audio, `latencyMs` after the end of speech; `text` the first piece
 * spoken). The model's time to first token is in the turn's `model_call`.
 */
export const VoiceTrace = z.strictObject({
  kind: z.literal("voice"),
  at: EpochMs,
  stage: VoiceStage,
  /** What did the work: e.g. "pocketsphinx", "espeak-ng", "amazon.nova-2-sonic-v1:0". */
  engine: z.string().min(1).max(128),
  latencyMs: Millis,
  text: z.string().max(2000).optional(),
});

export const ApprovalTrace = z.strictObject({
  kind: z.literal("approval"),
  at: EpochMs,
  requestId: Id,
  tool: z.string().min(1).max(64),
  decision: z.enum(["requested", "approved", "denied", "expired", "cancelled"]),
});

export const Trace = z.discriminatedUnion("kind", [
  MilestoneTrace,
  ReasoningTrace,
  ToolCallTrace,
  ToolResultTrace,
  ModelCallTrace,
  InterruptionTrace,
  ApprovalTrace,
  VoiceTrace,
]);

export type Trace = z.infer<typeof Trace>;
export type TraceKind = Trace["kind"];
export type MilestoneTrace = z.infer<typeof MilestoneTrace>;
export type ReasoningTrace = z.infer<typeof ReasoningTrace>;
export type ToolCallTrace = z.infer<typeof ToolCallTrace>;
export type ToolResultTrace = z.infer<typeof ToolResultTrace>;
export type ModelCallTrace = z.infer<typeof ModelCallTrace>;
export type InterruptionTrace = z.infer<typeof InterruptionTrace>;
export type ApprovalTrace = z.infer<typeof ApprovalTrace>;
export type VoiceTrace = z.infer<typeof VoiceTrace>;

export const TRACE_KINDS: readonly TraceKind[] = Trace.options.map((option) => option.shape.kind.value);

/**
 * Whether a connection at `level` may receive a trace of `kind`. The agent filters; browsers never do. Users
 * get milestones and the verdicts on their own approval requests (no input, output or reasoning in them).
 */
export function traceVisibleAt(kind: TraceKind, level: TraceLevel): boolean {
  return level === "full" || kind === "milestone" || kind === "approval";
}
