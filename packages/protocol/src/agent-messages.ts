/**
 * Messages the agent sends to clients.
 *
 * Sequencing: every message carries `seq`. Stream messages (`turn`, `chunk`, `trace`, `approval_request`,
 * `complete`, `interrupted`, and `error`s that end a turn, which carry its `turnId`) form the session's event log: each
 * takes the next seq (1, 2, 3, ...), is kept in the agent's replay buffer, replayed on `resume` and reported
 * to the broker. Connection messages (`session`, `pong`, and `error`s without a `turnId`, about one inbound frame) belong to one
 * socket: they repeat the session's latest seq, so a client that keeps "apply only seq > last seen" never
 * mistakes them for stream progress. A connection at trace level `milestones` does not receive the other
 * trace kinds, so it sees gaps where they were withheld; seq never goes backwards and never repeats.
 *
 * `type`, `data`, `fullResponse`, `partialResponse` and `error` are the AgentCore articles' field names, so
 * a plain client written for those articles works unchanged.
 *
 * Voice (voice-messages.ts: Strands' `bidi_*` events) joins both unions: its responses, transcripts,
 * interruptions, usage and answer audio are stream messages; `bidi_connection_start`, `bidi_connection_close`
 * and `bidi_error` belong to one socket (`isVoiceStreamMessage`).
 */
import { z } from "zod";
import { AttachmentRefs } from "./attachments.ts";
import { EpochMs, Id, InterruptReason, Seq, SessionId, TraceLevel } from "./common.ts";
import { Trace } from "./trace.ts";
import { isVoiceStreamMessage, VoiceAgentMessage, VoiceStreamMessage } from "./voice-messages.ts";

export const SessionMessage = z.strictObject({
  type: z.literal("session"),
  seq: Seq,
  sessionId: SessionId,
  protocolVersion: z.int().min(1),
  /** True when the agent already had this session (a reconnect); false for a new session. */
  resumed: z.boolean(),
  /** The session's latest stream seq: what the client may ask to `resume` after. */
  lastSeq: Seq,
  traceLevel: TraceLevel,
  /** The turn still streaming when the client connected, if any. */
  activeTurnId: Id.nullable(),
});

export const TurnMessage = z.strictObject({
  type: z.literal("turn"),
  seq: Seq,
  turnId: Id,
  /** The prompt message's id, so the client can match its optimistic message. */
  promptId: Id,
  prompt: z.string(),
  at: EpochMs,
  /** The prompt's files, as it named them (absent when it had none). */
  attachments: AttachmentRefs.optional(),
});

export const ChunkMessage = z.strictObject({
  type: z.literal("chunk"),
  seq: Seq,
  turnId: Id,
  data: z.string(),
});

export const TraceMessage = z.strictObject({
  type: z.literal("trace"),
  seq: Seq,
  turnId: Id,
  trace: Trace,
});

export const ApprovalRequestMessage = z.strictObject({
  type: z.literal("approval_request"),
  seq: Seq,
  turnId: Id,
  requestId: Id,
  tool: z.string().min(1).max(64),
  /** Why the tool needs approval, in words for the user. */
  summary: z.string().max(500),
  input: z.json(),
  /** Epoch ms after which the request counts as denied. */
  deadline: EpochMs,
});

/**
 * A final message whose text does not fit one frame is sent as several messages of the same type, each with
 * the next seq and a piece of the text, numbered `part` 1 to `parts`; the turn ends with the last one, and
 * the text is the concatenation of the pieces in order. A short answer is one message without these fields,
 * exactly as the AgentCore articles' plain clients expect.
 */
const FinalPart = {
  part: z.int().min(1).optional(),
  parts: z.int().min(2).optional(),
};

export const CompleteMessage = z.strictObject({
  type: z.literal("complete"),
  seq: Seq,
  turnId: Id,
  /** The whole answer (or, with `parts`, this part's piece of it). */
  fullResponse: z.string(),
  ...FinalPart,
});

export const InterruptedMessage = z.strictObject({
  type: z.literal("interrupted"),
  seq: Seq,
  turnId: Id,
  /**
   * Exactly the concatenation of the turn's `chunk` data sent before the interruption (or, with `parts`, this
   * part's piece of it). A spoken answer cut off by the user's voice (`barge_in`) keeps only what the user
   * heard: a prefix of its chunks, as the client's `playback_mark` measured it.
   */
  partialResponse: z.string(),
  reason: InterruptReason,
  ...FinalPart,
});

export const ErrorCode = z.enum([
  "invalid_json",
  "binary_frame",
  "invalid_message",
  "unknown_type",
  "forbidden_key",
  "frame_too_large",
  "rate_limited",
  "resume_too_old",
  "resume_ahead",
  "no_active_turn",
  "unknown_approval",
  "model_error",
  "tool_error",
  /** A file attached to the prompt is too big, of a type not accepted, or not what its name claims. */
  "attachment_error",
  "session_expired",
  "internal",
]);
export type ErrorCode = z.infer<typeof ErrorCode>;

export const ErrorMessage = z.strictObject({
  type: z.literal("error"),
  seq: Seq,
  /** Present when the error ended a turn. */
  turnId: Id.optional(),
  /** Human-readable: what went wrong and what to do. */
  error: z.string().min(1).max(2000),
  code: ErrorCode,
  /** Whether sending the same thing again may succeed. */
  retryable: z.boolean(),
});

export const PongMessage = z.strictObject({
  type: z.literal("pong"),
  seq: Seq,
  nonce: z.string().max(64).optional(),
  at: EpochMs,
});

export const AgentMessage = z.discriminatedUnion("type", [
  SessionMessage,
  TurnMessage,
  ChunkMessage,
  TraceMessage,
  ApprovalRequestMessage,
  CompleteMessage,
  InterruptedMessage,
  ErrorMessage,
  PongMessage,
  ...VoiceAgentMessage.options,
]);

/** The messages that make up a session's event log (sequenced, replayed, reported to the broker). */
export const StreamMessage = z.discriminatedUnion("type", [
  TurnMessage,
  ChunkMessage,
  TraceMessage,
  ApprovalRequestMessage,
  CompleteMessage,
  InterruptedMessage,
  ErrorMessage,
  ...VoiceStreamMessage.options,
]);

export type SessionMessage = z.infer<typeof SessionMessage>;
export type TurnMessage = z.infer<typeof TurnMessage>;
export type ChunkMessage = z.infer<typeof ChunkMessage>;
export type TraceMessage = z.infer<typeof TraceMessage>;
export type ApprovalRequestMessage = z.infer<typeof ApprovalRequestMessage>;
export type CompleteMessage = z.infer<typeof CompleteMessage>;
export type InterruptedMessage = z.infer<typeof InterruptedMessage>;
export type ErrorMessage = z.infer<typeof ErrorMessage>;
export type PongMessage = z.infer<typeof PongMessage>;
export type AgentMessage = z.infer<typeof AgentMessage>;
export type AgentMessageType = AgentMessage["type"];
export type StreamMessage = z.infer<typeof StreamMessage>;

export const AGENT_MESSAGE_TYPES: readonly AgentMessageType[] = AgentMessage.options.map(
  (option) => option.shape.type.value,
);

/** Whether a `complete` or `interrupted` message ends its turn (a single message, or the last of its parts). */
export function isFinalPart(message: CompleteMessage | InterruptedMessage): boolean {
  return message.parts === undefined || message.part === message.parts;
}

/** Whether a message belongs to the session's event log (as opposed to one connection). */
export function isStreamMessage(message: AgentMessage): message is StreamMessage {
  switch (message.type) {
    case "session":
    case "pong":
      return false;
    case "error":
      return message.turnId !== undefined;
    case "bidi_connection_start":
    case "bidi_connection_close":
    case "bidi_error":
      return isVoiceStreamMessage(message);
    default:
      return true;
  }
}
