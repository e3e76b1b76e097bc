/** Small schemas that several messages share. */
import { z } from "zod";
import { SESSION_ID_MAX_CHARS, SESSION_ID_MIN_CHARS } from "./limits.ts";

/** An id chosen by a peer (prompt, turn, approval request, tool call). */
export const Id = z.string().min(1).max(128);

/** AgentCore runtime session id: 33 to 256 characters. */
export const SessionId = z
  .string()
  .min(SESSION_ID_MIN_CHARS)
  .max(SESSION_ID_MAX_CHARS)
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

export const TRACE_LEVEL_QUERY_PARAM = "X-Amzn-Bedrock-AgentCore-Runtime-Custom-Trace-Level";
export const SESSION_ID_HEADER = "X-Amzn-Bedrock-AgentCore-Runtime-Session-Id";
export const REQUEST_ID_HEADER = "X-Amzn-Bedrock-AgentCore-Runtime-Request-Id";
