/**
 * Trace events: what the agent is doing while it answers. `milestone` is short and meant for users; every
 * other kind is for admins and is only sent on connections whose signed trace level is `full`.
 */
import { z } from "zod";
import { EpochMs, Id, InterruptionTraceReason, ModelCallStopReason, type TraceLevel } from "./common.ts";

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
  stopReason: ModelCallStopReason,
});

export const InterruptionTrace = z.strictObject({
  kind: z.literal("interruption"),
  at: EpochMs,
  reason: InterruptionTraceReason,
  /** Characters of the answer the user had received when it stopped. */
  partialChars: z.int().min(0),
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

export const TRACE_KINDS: readonly TraceKind[] = Trace.options.map((option) => option.shape.kind.value);

/**
 * Whether a connection at `level` may receive a trace of `kind`. The agent filters; browsers never do. Users
 * get milestones and the verdicts on their own approval requests (no input, output or reasoning in them).
 */
export function traceVisibleAt(kind: TraceKind, level: TraceLevel): boolean {
  return level === "full" || kind === "milestone" || kind === "approval";
}
