/**
 * Stores the agent's event batches and keeps each session's turns. Idempotent by (session id, seq): a
 * retried batch stores nothing twice. Each touched turn is rebuilt from all of its stored events, so turns
 * come out right whatever order the batches arrive in.
 */
import {
  type IngestBatch,
  type IngestResult,
  isFinalPart,
  type StreamMessage,
  type TurnStatus,
} from "@interject/protocol";
import { and, asc, desc, eq, inArray } from "drizzle-orm";
import type { Db } from "../db/open.ts";
import { conversations, events, turns } from "../db/schema.ts";

function turnIdOf(m: StreamMessage): string | null {
  return "turnId" in m && typeof m.turnId === "string" ? m.turnId : null;
}

/**
 * Rebuilds of one session run one after another in this process: two overlapping batches could otherwise
 * each read the events before the other's commit and the later write would keep a stale turn.
 */
const rebuilding = new Map<string, Promise<void>>();
async function serialised(sessionId: string, work: () => Promise<void>): Promise<void> {
  const previous = rebuilding.get(sessionId) ?? Promise.resolve();
  const next = previous.then(work, work);
  rebuilding.set(sessionId, next);
  try {
    await next;
  } finally {
    if (rebuilding.get(sessionId) === next) rebuilding.delete(sessionId);
  }
}

export async function ingestBatch(db: Db, batch: IngestBatch): Promise<IngestResult> {
  const receivedAt = new Date();
  const rows = batch.events.map((e) => ({
    sessionId: e.sessionId,
    seq: e.message.seq,
    type: e.message.type,
    turnId: turnIdOf(e.message),
    traceKind: e.message.type === "trace" ? e.message.trace.kind : null,
    message: e.message,
    receivedAt,
  }));
  const inserted = await db
    .insert(events)
    .values(rows)
    .onConflictDoNothing()
    .returning({ sessionId: events.sessionId, turnId: events.turnId });
  const touched = new Map<string, Set<string>>();
  for (const r of inserted) {
    if (r.turnId === null) continue;
    const set = touched.get(r.sessionId) ?? new Set<string>();
    set.add(r.turnId);
    touched.set(r.sessionId, set);
  }
  for (const [sessionId, turnIds] of touched) {
    await serialised(sessionId, async () => {
      for (const turnId of turnIds) await rebuildTurn(db, sessionId, turnId);
      await refreshConversation(db, sessionId);
    });
  }
  return { accepted: inserted.length, duplicates: rows.length - inserted.length };
}

async function rebuildTurn(db: Db, sessionId: string, turnId: string): Promise<void> {
  const rows = await db
    .select({ seq: events.seq, message: events.message, receivedAt: events.receivedAt })
    .from(events)
    .where(and(eq(events.sessionId, sessionId), eq(events.turnId, turnId)))
    .orderBy(asc(events.seq));
  const first = rows[0];
  if (!first) return;
  let prompt = "";
  let response = "";
  let status: TurnStatus = "streaming";
  let startedAt = first.receivedAt;
  let endedAt: Date | null = null;
  let finalText: string | null = "";
  let nextPart = 1;
  for (const row of rows) {
    const m = row.message as StreamMessage;
    switch (m.type) {
      case "turn":
        prompt = m.prompt;
        startedAt = new Date(m.at);
        break;
      case "chunk":
        if (status === "streaming") response += m.data;
        break;
      case "complete":
      case "interrupted": {
        // A long answer's final message arrives in parts (part 1..parts, in seq order): join them; if one
        // is missing, the streamed chunks are the answer.
        const piece = m.type === "complete" ? m.fullResponse : m.partialResponse;
        const part = m.part ?? 1;
        finalText = part === 1 ? piece : part === nextPart ? finalText + piece : null;
        nextPart = part + 1;
        if (isFinalPart(m)) {
          response = finalText ?? response;
          status = m.type;
          endedAt = row.receivedAt;
        }
        break;
      }
      case "error":
        status = "error";
        endedAt = row.receivedAt;
        break;
      default:
        break;
    }
  }
  const values = { sessionId, turnId, firstSeq: first.seq, prompt, response, status, startedAt, endedAt };
  await db
    .insert(turns)
    .values(values)
    .onConflictDoUpdate({
      target: [turns.sessionId, turns.turnId],
      set: { firstSeq: first.seq, prompt, response, status, startedAt, endedAt },
    });
}

async function refreshConversation(db: Db, sessionId: string): Promise<void> {
  const latest = await db
    .select({ status: turns.status })
    .from(turns)
    .where(eq(turns.sessionId, sessionId))
    .orderBy(desc(turns.firstSeq))
    .limit(1);
  await db
    .update(conversations)
    .set({ lastStatus: latest[0]?.status ?? null, updatedAt: new Date() })
    .where(eq(conversations.sessionId, sessionId));
}

/** Removes a deleted conversation's events and turns. */
export async function deleteSessionData(db: Db, sessionIds: string[]): Promise<void> {
  if (sessionIds.length === 0) return;
  await db.delete(events).where(inArray(events.sessionId, sessionIds));
  await db.delete(turns).where(inArray(turns.sessionId, sessionIds));
}
