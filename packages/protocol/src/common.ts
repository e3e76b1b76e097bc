/** Small schemas that several messages share. */
import { z } from "zod";

/** An id chosen by a peer (prompt, turn, approval request, tool call). */
export const Id = z.string().min(1).max(128);

/**
 * A runtime session id as the protocol carries it: opaque text of letters, digits and `. _ : -`. AgentCore's
 * own rule for the ids it accepts (33 to 256 characters) is checked where an id enters, with
 * @interject/agentcore-sigv4's constants, the one owner of AgentCore's names and limits.
 */
export const SessionId = z
  .string()
  .min(1)
  .max(256)
  .regex(/^[A-Za-z0-9._:-]+$/, "letters, digits and . _ : - only");

/** Per-session sequence number. Stream messages start at 1; 0 means "nothing yet". */
export const Seq = z.int().min(0).max(Number.MAX_SAFE_INTEGER);

/** Unix epoch milliseconds. */
export const EpochMs = z.int().min(0).max(8_640_000_000_000_000);

/**
 * How much of the agent's trace a connection receives, signed into its URL by the broker:
 * `milestones` (users) or `full` (admins).
 */
export const TraceLevel = z.enum(["milestones", "full"]);
export type TraceLevel = z.infer<typeof TraceLevel>;

/**
 * Why a turn stopped before its end, on `interrupted.reason` and on the `interruption` trace:
 * `user` (an `interrupt` message), `new_prompt` (a prompt while the answer streamed), `approval_cancelled`
 * (an interrupt while an approval waited), `revoked` (the runtime session was stopped: the user's access
 * was revoked, by a sign-out, a disabled account, a deleted conversation, a password or role change),
 * `barge_in` (the user spoke over a spoken answer: it keeps only what the user heard).
 */
export const InterruptReason = z.enum(["user", "new_prompt", "approval_cancelled", "revoked", "barge_in"]);
export type InterruptReason = z.infer<typeof InterruptReason>;

/** The `interruption` trace's reason: an `InterruptReason`, or `disconnect` (accepted, not sent by this agent). */
export const InterruptionTraceReason = z.enum([...InterruptReason.options, "disconnect"]);
export type InterruptionTraceReason = z.infer<typeof InterruptionTraceReason>;

/** Where a turn stands: streaming, or how it ended. The stored history and the chat use the same names. */
export const TURN_STATUSES = ["streaming", "complete", "interrupted", "error"] as const;
export const TurnStatus = z.enum(TURN_STATUSES);
export type TurnStatus = z.infer<typeof TurnStatus>;

/** How a turn ended (every status but `streaming`). */
export const EndedTurnStatus = TurnStatus.exclude(["streaming"]);
export type EndedTurnStatus = z.infer<typeof EndedTurnStatus>;

/** Why a model call stopped on its own: it answered, it asked for tools, or it ran out of tokens. */
export const ModelStopReason = z.enum(["end_turn", "tool_use", "max_tokens"]);
export type ModelStopReason = z.infer<typeof ModelStopReason>;

/** A model call's ending as its trace records it: a `ModelStopReason`, or cancelled (interrupted) or failed. */
export const ModelCallStopReason = z.enum([...ModelStopReason.options, "cancelled", "error"]);
export type ModelCallStopReason = z.infer<typeof ModelCallStopReason>;
