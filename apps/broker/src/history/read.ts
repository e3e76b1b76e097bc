/** Reading a session's turns and events back, filtered to the reader's trace level. */
import {
  type HistoryTurn,
  type SessionHistory,
  type StreamMessage,
  TRACE_KINDS,
  type TraceLevel,
  type TurnReporter,
  type TurnStopReason,
  traceVisibleAt,
} from "@interject/protocol";
import { and, asc, eq, gt, inArray, isNull, max, ne, or, sql } from "drizzle-orm";
import type { AttachmentMeta } from "../attachments/store.ts";
import type { Db } from "../db/open.ts";
import { attachments, conversationBranches, events, turns } from "../db/schema.ts";

export const EVENTS_PAGE = 2000;

/** The owner's verdict on an answer (feedback/store.ts). */
export interface Feedback {
  rating: "up" | "down";
  comment: string | null;
  at: string;
}

export interface Turn extends Omit<HistoryTurn, "attachments"> {
  startedAt: string;
  endedAt: string | null;
  /** The files the prompt carried, in its order; those no longer stored are left out. */
  attachments: AttachmentMeta[];
  feedback: Feedback | null;
  /** `client`: stored from a browser's report (an agent at the basic level reports nothing itself). */
  reportedBy: TurnReporter;
  /** Why a reported turn stopped early; null for the agent's turns (their `interrupted` event says). */
  stopReason: TurnStopReason | null;
}

export async function lastSeqOf(db: Db, sessionId: string): Promise<number> {
  const rows = await db
    .select({ last: max(events.seq) })
    .from(events)
    .where(eq(events.sessionId, sessionId));
  return Number(rows[0]?.last ?? 0);
}

/**
 * A session's turns, oldest first. A turn that is streaming (or whose end gave no usable text) has no stored
 * response: its streamed chunks, joined in seq order, are its text so far.
 */
export async function listTurns(db: Db, sessionId: string): Promise<Turn[]> {
  return (await listTurnsOfSessions(db, [sessionId])).map(({ sessionId: _session, ...turn }) => turn);
}

/** The turns of several sessions (a conversation's branches), each session's oldest first. */
export async function listTurnsOfSessions(
  db: Db,
  sessionIds: readonly string[],
): Promise<Array<Turn & { sessionId: string }>> {
  if (sessionIds.length === 0) return [];
  // Spelled out with the table names: inside a single-table select drizzle leaves columns unqualified, and
  // the subquery's own "session_id" would shadow the turn's.
  const streamed = sql<string>`coalesce("turns"."response", (
    select string_agg(e.message->>'data', '' order by e.seq)
    from ${events} e
    where e.session_id = "turns"."session_id" and e.turn_id = "turns"."turn_id" and e.type = 'chunk'
  ), '')`;
  // Only files bound to the conversation this session is a branch of: a prompt that named someone else's id
  // shows nothing.
  const files = sql<AttachmentMeta[]>`(
    select coalesce(jsonb_agg(jsonb_build_object(
      'id', a.id, 'name', a.name, 'mediaType', a.media_type, 'size', a.size) order by x.ord), '[]'::jsonb)
    from jsonb_array_elements_text("turns"."attachments") with ordinality as x(id, ord)
    join ${attachments} a on a.id = x.id
    join ${conversationBranches} b on b.conversation_id = a.conversation_id and b.session_id = "turns"."session_id"
  )`;
  const rows = await db
    .select({
      sessionId: turns.sessionId,
      turnId: turns.turnId,
      prompt: turns.prompt,
      response: streamed,
      status: turns.status,
      startedAt: turns.startedAt,
      endedAt: turns.endedAt,
      attachments: files,
      feedbackRating: turns.feedbackRating,
      feedbackComment: turns.feedbackComment,
      feedbackAt: turns.feedbackAt,
      reportedBy: turns.reportedBy,
      stopReason: turns.stopReason,
    })
    .from(turns)
    .where(
      sessionIds.length === 1
        ? eq(turns.sessionId, sessionIds[0] ?? "")
        : inArray(turns.sessionId, [...sessionIds]),
    )
    // A turn reported by a browser has no seq (first_seq 0): its start time places it.
    .orderBy(asc(turns.sessionId), asc(turns.firstSeq), asc(turns.startedAt));
  return rows.map((t) => ({
    sessionId: t.sessionId,
    turnId: t.turnId,
    prompt: t.prompt,
    response: t.response,
    status: t.status,
    startedAt: t.startedAt.toISOString(),
    endedAt: t.endedAt ? t.endedAt.toISOString() : null,
    attachments: t.attachments ?? [],
    feedback:
      t.feedbackRating && t.feedbackAt
        ? { rating: t.feedbackRating, comment: t.feedbackComment, at: t.feedbackAt.toISOString() }
        : null,
    reportedBy: t.reportedBy,
    stopReason: t.stopReason,
  }));
}

/** The trace kinds a reader at `level` may see: the agent's own rule (protocol `traceVisibleAt`). */
const kindsVisibleAt = (level: TraceLevel) => TRACE_KINDS.filter((kind) => traceVisibleAt(kind, level));

/** Stream messages after `afterSeq`, oldest first, at most EVENTS_PAGE; milestone readers get no other traces. */
export async function listEvents(
  db: Db,
  sessionId: string,
  afterSeq: number,
  level: TraceLevel,
): Promise<StreamMessage[]> {
  const visible =
    level === "full"
      ? undefined
      : or(
          ne(events.type, "trace"),
          isNull(events.traceKind),
          inArray(events.traceKind, kindsVisibleAt(level)),
        );
  const rows = await db
    .select({ message: events.message })
    .from(events)
    .where(and(eq(events.sessionId, sessionId), gt(events.seq, afterSeq), visible))
    .orderBy(asc(events.seq))
    .limit(EVENTS_PAGE);
  return rows.map((r) => r.message as StreamMessage);
}

export async function sessionHistory(db: Db, sessionId: string): Promise<SessionHistory> {
  const all = await listTurns(db, sessionId);
  return {
    sessionId,
    lastSeq: await lastSeqOf(db, sessionId),
    turns: all.map(historyTurn),
  };
}

/** A turn as the agent rebuilds it: its text and status, and the ids of the files its prompt carried. */
export function historyTurn(turn: Turn): HistoryTurn {
  const { turnId, prompt, response, status, attachments: files } = turn;
  return {
    turnId,
    prompt,
    response,
    status,
    ...(files.length > 0 ? { attachments: files.map((f) => ({ id: f.id })) } : {}),
  };
}
