/**
 * Trace events: what the agent is doing while it answers. `milestone` is short and meant for users; every
 * other kind is for admins and is only sent on connections whose signed trace level is `full`.
 */
import { z } from "zod";
import { EpochMs, Id, InterruptionTraceReason, ModelCallStopReason, type TraceLevel } from "./common.ts";
import { MAX_FRAME_BYTES } from "./limits.ts";

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

/** A tool from an MCP server: the server (its config key) and the tool's own name there. */
export const McpToolOrigin = z.strictObject({
  server: z.string().min(1).max(64),
  tool: z.string().min(1).max(256),
});

export type McpToolOrigin = z.infer<typeof McpToolOrigin>;

export const ToolCallTrace = z.strictObject({
  kind: z.literal("tool_call"),
  at: EpochMs,
  callId: Id,
  name: z.string().min(1).max(64),
  input: z.json(),
  /** Set when the tool is an MCP server's (added after protocol version 1's first events: optional). */
  mcp: McpToolOrigin.optional(),
});

/**
 * How a tool call ended. `completed`: the tool answered (`isError` says whether it reported an error);
 * `cancelled`: the turn was interrupted while it ran (an MCP server was sent notifications/cancelled);
 * `timed-out`: no answer in time, cancelled; `unavailable`: its server was not connected, nothing was sent;
 * `failed`: the call could not be made or its answer could not be read.
 */
export const ToolCallOutcome = z.enum(["completed", "cancelled", "timed-out", "unavailable", "failed"]);
export type ToolCallOutcome = z.infer<typeof ToolCallOutcome>;

/** Raster images a trace may carry inline (SVG is left out: it is a document, not a picture). */
export const TRACE_IMAGE_TYPES = ["image/png", "image/jpeg", "image/gif", "image/webp"] as const;

/**
 * What a tool result holds beyond text. An image travels as its base64 data, to be rendered from the data;
 * one too large for a frame is replaced by a line of text in `output`. A resource link is shown as a link,
 * never fetched by the agent or the browser.
 */
export const TraceAttachment = z.discriminatedUnion("type", [
  z.strictObject({
    type: z.literal("image"),
    mimeType: z.enum(TRACE_IMAGE_TYPES),
    data: z
      .string()
      .min(1)
      .max(MAX_FRAME_BYTES)
      .regex(/^[A-Za-z0-9+/]+={0,2}$/, "base64"),
  }),
  z.strictObject({
    type: z.literal("resource_link"),
    uri: z.string().min(1).max(2048),
    name: z.string().min(1).max(256),
    mimeType: z.string().min(1).max(128).optional(),
    description: z.string().min(1).max(500).optional(),
  }),
]);
export type TraceAttachment = z.infer<typeof TraceAttachment>;

export const ToolResultTrace = z.strictObject({
  kind: z.literal("tool_result"),
  at: EpochMs,
  callId: Id,
  name: z.string().min(1).max(64),
  /** The tool's output, shortened by the agent so the frame stays within the limit. */
  output: z.string().max(4000),
  isError: z.boolean(),
  durationMs: Millis,
  /** How the call ended; absent in events from before it existed (then `isError` alone tells). */
  outcome: ToolCallOutcome.optional(),
  /** Images and resource links of the result, in its order after the text (see TraceAttachment). */
  attachments: z.array(TraceAttachment).min(1).max(16).optional(),
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
  stopReason: ModelCallStopReason,
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
