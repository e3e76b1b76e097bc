/**
 * What the agent reports to the broker (`POST /internal/v1/events`) and what the broker gives back to an
 * agent that lost a session's state (`GET /internal/v1/sessions/:id/history`). Both sides share these.
 * Every stream message is reported at full trace level; the broker decides who may read which trace.
 */
import { z } from "zod";
import { StreamMessage } from "./agent-messages.ts";
import { Id, Seq, SessionId, TurnStatus } from "./common.ts";
import { MAX_INGEST_BATCH_EVENTS } from "./limits.ts";
import { PROTOCOL_VERSION } from "./version.ts";

export const IngestEvent = z.strictObject({
  sessionId: SessionId,
  /**
   * The stream message as the agent sequenced it; (sessionId, message.seq) is the idempotency key. The
   * reporter may coalesce consecutive `chunk`s of one turn into one: it carries their joined `data` and the
   * last one's `seq` (the seqs in between are then never reported on their own).
   */
  message: StreamMessage,
});

export const IngestBatch = z.strictObject({
  protocolVersion: z.literal(PROTOCOL_VERSION),
  events: z.array(IngestEvent).min(1).max(MAX_INGEST_BATCH_EVENTS),
});

export const IngestResult = z.strictObject({
  /** Events stored for the first time. */
  accepted: z.int().min(0),
  /** Events the broker already had (same session id and seq): not stored again. */
  duplicates: z.int().min(0),
});

export const HistoryTurn = z.strictObject({
  turnId: Id,
  prompt: z.string(),
  /** The full answer, the partial answer of an interrupted turn, or what was sent before an error. */
  response: z.string(),
  status: TurnStatus,
});

export const SessionHistory = z.strictObject({
  sessionId: SessionId,
  /** The highest seq the broker has stored: a restarted agent continues numbering after it. */
  lastSeq: Seq,
  turns: z.array(HistoryTurn),
});

export type IngestEvent = z.infer<typeof IngestEvent>;
export type IngestBatch = z.infer<typeof IngestBatch>;
export type IngestResult = z.infer<typeof IngestResult>;
export type HistoryTurn = z.infer<typeof HistoryTurn>;
export type SessionHistory = z.infer<typeof SessionHistory>;
