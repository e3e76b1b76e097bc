/**
 * Stores the agent's event batches and keeps each session's turns. Idempotent by (session id, seq): a
 * retried batch stores nothing twice.
 *
 * Turns are kept incrementally: each turn row remembers the last seq folded into it, and events that come
 * after it are folded onto the row as it is (the usual case: one agent reports a session's events in
 * order). Anything else (an event older than the row, a final message whose earlier parts came in another
 * batch) rebuilds the turn from all of its stored events, so turns come out right whatever order the
 * batches arrive in. A whole batch costs a handful of statements, however many sessions it touches.
 */
import {
  type IngestBatch,
  type IngestResult,
  isFinalPart,
  type StreamMessage,
  type TurnStatus,
} from "@interject/protocol";
import { and, asc, inArray, sql } from "drizzle-orm";
import type { Db } from "../db/open.ts";
import { conversations, events, turns } from "../db/schema.ts";

function turnIdOf(m: StreamMessage): string | null {
  return "turnId" in m && typeof m.turnId === "string" ? m.turnId : null;
}

interface StoredEvent {
  seq: number;
  message: StreamMessage;
  receivedAt: Date;
}

/** A turn as folded so far; `finalText`/`nextPart` join a final message that arrives in parts. */
interface TurnState {
  sessionId: string;
  turnId: string;
  firstSeq: number;
  lastSeq: number;
  prompt: string;
  response: string;
  status: TurnStatus;
  startedAt: Date;
  endedAt: Date | null;
  finalText: string | null;
  nextPart: number;
}

function emptyTurn(sessionId: string, turnId: string, first: StoredEvent): TurnState {
  return {
    sessionId,
    turnId,
    firstSeq: first.seq,
    lastSeq: 0,
    prompt: "",
    response: "",
    status: "streaming",
    startedAt: first.receivedAt,
    endedAt: null,
    finalText: "",
    nextPart: 1,
  };
}

/** Folds events (in seq order, all after `state.lastSeq`) onto a turn. */
function fold(state: TurnState, rows: readonly StoredEvent[]): TurnState {
  const t = { ...state };
  for (const row of rows) {
    const m = row.message;
    t.firstSeq = Math.min(t.firstSeq, row.seq);
    t.lastSeq = Math.max(t.lastSeq, row.seq);
    switch (m.type) {
      case "turn":
        t.prompt = m.prompt;
        t.startedAt = new Date(m.at);
        break;
      case "chunk":
        // A stored chunk may carry several consecutive chunks' text (the agent's reporter coalesces them).
        if (t.status === "streaming") t.response += m.data;
        break;
      case "complete":
      case "interrupted": {
        // A long answer's final message arrives in parts (part 1..parts, in seq order): join them; if one
        // is missing, the streamed chunks are the answer.
        const piece = m.type === "complete" ? m.fullResponse : m.partialResponse;
        const part = m.part ?? 1;
        t.finalText = part === 1 ? piece : part === t.nextPart ? t.finalText + piece : null;
        t.nextPart = part + 1;
        if (isFinalPart(m)) {
          t.response = t.finalText ?? t.response;
          t.status = m.type;
          t.endedAt = row.receivedAt;
        }
        break;
      }
      case "error":
        t.status = "error";
        t.endedAt = row.receivedAt;
        break;
      default:
        break;
    }
  }
  return t;
}

/** Whether new events can be folded onto the stored row, or the turn must be rebuilt from all its events. */
function foldable(row: TurnState | undefined, fresh: readonly StoredEvent[]): boolean {
  const first = fresh[0];
  if (!first) return false;
  if (row && first.seq <= row.lastSeq) return false;
  // The row does not keep a half-joined final message: a later part needs the earlier ones.
  return !fresh.some(
    (e) => (e.message.type === "complete" || e.message.type === "interrupted") && (e.message.part ?? 1) > 1,
  );
}

/**
 * Batches run one after another in this process: two overlapping batches for one turn could otherwise each
 * fold onto the same row and the later write would drop the other's events.
 */
let queue: Promise<unknown> = Promise.resolve();
function serialised<T>(work: () => Promise<T>): Promise<T> {
  const next = queue.then(work, work);
  queue = next.catch(() => undefined);
  return next;
}

const key = (sessionId: string, turnId: string) => `${sessionId}\u0000${turnId}`;

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
  if (rows.length === 0) return { accepted: 0, duplicates: 0 };
  return serialised(async () => {
    const inserted = await db
      .insert(events)
      .values(rows)
      .onConflictDoNothing()
      .returning({ sessionId: events.sessionId, seq: events.seq });
    const stored = new Set(inserted.map((r) => `${r.sessionId}\u0000${r.seq}`));
    // The newly stored events of each turn, in seq order.
    const fresh = new Map<string, { sessionId: string; turnId: string; events: StoredEvent[] }>();
    for (const r of rows) {
      if (r.turnId === null || !stored.has(`${r.sessionId}\u0000${r.seq}`)) continue;
      const k = key(r.sessionId, r.turnId);
      const entry = fresh.get(k) ?? { sessionId: r.sessionId, turnId: r.turnId, events: [] };
      entry.events.push({ seq: r.seq, message: r.message, receivedAt: r.receivedAt });
      fresh.set(k, entry);
    }
    if (fresh.size > 0) await updateTurns(db, [...fresh.values()]);
    return { accepted: inserted.length, duplicates: rows.length - inserted.length };
  });
}

async function updateTurns(
  db: Db,
  touched: Array<{ sessionId: string; turnId: string; events: StoredEvent[] }>,
): Promise<void> {
  for (const t of touched) t.events.sort((a, b) => a.seq - b.seq);
  const sessionIds = [...new Set(touched.map((t) => t.sessionId))];
  const turnIds = [...new Set(touched.map((t) => t.turnId))];
  const existing = new Map<string, TurnState>();
  for (const r of await db
    .select()
    .from(turns)
    .where(and(inArray(turns.sessionId, sessionIds), inArray(turns.turnId, turnIds)))) {
    existing.set(key(r.sessionId, r.turnId), { ...r, finalText: "", nextPart: 1 });
  }

  const next: TurnState[] = [];
  const rebuild: typeof touched = [];
  for (const t of touched) {
    const row = existing.get(key(t.sessionId, t.turnId));
    const first = t.events[0];
    if (!first) continue;
    if (foldable(row, t.events)) next.push(fold(row ?? emptyTurn(t.sessionId, t.turnId, first), t.events));
    else rebuild.push(t);
  }
  if (rebuild.length > 0) {
    const all = await db
      .select({
        sessionId: events.sessionId,
        turnId: events.turnId,
        seq: events.seq,
        message: events.message,
        receivedAt: events.receivedAt,
      })
      .from(events)
      .where(
        and(
          inArray(events.sessionId, [...new Set(rebuild.map((t) => t.sessionId))]),
          inArray(events.turnId, [...new Set(rebuild.map((t) => t.turnId))]),
        ),
      )
      .orderBy(asc(events.sessionId), asc(events.seq));
    const byTurn = new Map<string, StoredEvent[]>();
    for (const e of all) {
      if (e.turnId === null) continue;
      const k = key(e.sessionId, e.turnId);
      const list = byTurn.get(k) ?? [];
      list.push({ seq: e.seq, message: e.message as StreamMessage, receivedAt: e.receivedAt });
      byTurn.set(k, list);
    }
    for (const t of rebuild) {
      const list = byTurn.get(key(t.sessionId, t.turnId)) ?? [];
      const first = list[0];
      if (first) next.push(fold(emptyTurn(t.sessionId, t.turnId, first), list));
    }
  }
  if (next.length === 0) return;

  await db
    .insert(turns)
    .values(next.map(({ finalText: _f, nextPart: _n, ...values }) => values))
    .onConflictDoUpdate({
      target: [turns.sessionId, turns.turnId],
      set: {
        firstSeq: sql`excluded.first_seq`,
        lastSeq: sql`excluded.last_seq`,
        prompt: sql`excluded.prompt`,
        response: sql`excluded.response`,
        status: sql`excluded.status`,
        startedAt: sql`excluded.started_at`,
        endedAt: sql`excluded.ended_at`,
      },
    });

  // A conversation's status is its latest turn's: refreshed when a turn starts or ends, not on every chunk.
  const changed = next.filter((t) => {
    const before = existing.get(key(t.sessionId, t.turnId));
    return !before || before.status !== t.status;
  });
  await refreshConversations(db, [...new Set(changed.map((t) => t.sessionId))]);
}

async function refreshConversations(db: Db, sessionIds: string[]): Promise<void> {
  if (sessionIds.length === 0) return;
  const latest = db
    .selectDistinctOn([turns.sessionId], { sessionId: turns.sessionId, status: turns.status })
    .from(turns)
    .where(inArray(turns.sessionId, sessionIds))
    .orderBy(turns.sessionId, sql`${turns.firstSeq} desc`)
    .as("latest");
  await db
    .update(conversations)
    .set({ lastStatus: sql`${latest.status}`, updatedAt: new Date() })
    .from(latest)
    .where(sql`${conversations.sessionId} = ${latest.sessionId}`);
}

/** Removes a deleted conversation's events and turns. */
export async function deleteSessionData(db: Db, sessionIds: string[]): Promise<void> {
  if (sessionIds.length === 0) return;
  await db.delete(events).where(inArray(events.sessionId, sessionIds));
  await db.delete(turns).where(inArray(turns.sessionId, sessionIds));
}
