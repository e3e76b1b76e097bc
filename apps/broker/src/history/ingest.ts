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
import { and, asc, inArray, type SQL, sql } from "drizzle-orm";
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

/**
 * A turn as folded so far; `finalText`/`nextPart` join a final message that arrives in parts. Folded onto
 * a stored row, `append` is true and `response` holds only the new text (the row's text is never read
 * back); `prompt`/`startedAt` are null when the new events do not change them.
 */
interface TurnState {
  sessionId: string;
  turnId: string;
  firstSeq: number;
  lastSeq: number;
  prompt: string | null;
  startedAt: Date | null;
  response: string;
  append: boolean;
  status: TurnStatus;
  endedAt: Date | null;
  finalText: string | null;
  nextPart: number;
}

/** What the fold needs of a stored turn (never its text). */
interface StoredTurn {
  sessionId: string;
  turnId: string;
  firstSeq: number;
  lastSeq: number;
  status: TurnStatus;
  endedAt: Date | null;
}

function emptyTurn(sessionId: string, turnId: string, first: StoredEvent): TurnState {
  return {
    sessionId,
    turnId,
    firstSeq: first.seq,
    lastSeq: 0,
    prompt: "",
    startedAt: first.receivedAt,
    response: "",
    append: false,
    status: "streaming",
    endedAt: null,
    finalText: "",
    nextPart: 1,
  };
}

function onStored(row: StoredTurn): TurnState {
  return { ...row, prompt: null, startedAt: null, response: "", append: true, finalText: "", nextPart: 1 };
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
          if (t.finalText !== null) {
            t.response = t.finalText;
            t.append = false;
          }
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
function foldable(row: StoredTurn | undefined, fresh: readonly StoredEvent[]): boolean {
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

const key = (sessionId: string, seqOrTurn: string | number) => `${sessionId}\u0000${seqOrTurn}`;

/** Rows of a raw query, from either driver (node-postgres and PGlite both answer `{ rows }`). */
async function rowsOf<T>(db: Db, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}

/**
 * Each statement takes its rows as one JSON parameter that the database expands (jsonb_to_recordset): a
 * 500-event batch is one short statement, not thousands of bound values to build and check.
 */
const json = (value: unknown) => sql`${JSON.stringify(value)}::jsonb`;

export async function ingestBatch(db: Db, batch: IngestBatch): Promise<IngestResult> {
  const receivedAt = new Date();
  const rows = batch.events.map((e) => ({
    session_id: e.sessionId,
    seq: e.message.seq,
    type: e.message.type,
    turn_id: turnIdOf(e.message),
    trace_kind: e.message.type === "trace" ? e.message.trace.kind : null,
    message: e.message,
  }));
  if (rows.length === 0) return { accepted: 0, duplicates: 0 };
  return serialised(async () => {
    const inserted = await rowsOf<{ session_id: string; seq: string | number }>(
      db,
      sql`insert into ${events} (session_id, seq, type, turn_id, trace_kind, message, received_at)
        select x.session_id, x.seq, x.type, x.turn_id, x.trace_kind, x.message, ${receivedAt.toISOString()}::timestamptz
        from jsonb_to_recordset(${json(rows)}) as x(
          session_id text, seq bigint, type text, turn_id text, trace_kind text, message jsonb
        )
        on conflict do nothing
        returning session_id, seq`,
    );
    const stored = new Set(inserted.map((r) => key(r.session_id, Number(r.seq))));
    // The newly stored events of each turn, in seq order.
    const fresh = new Map<string, Touched>();
    for (const r of rows) {
      if (r.turn_id === null || !stored.has(key(r.session_id, r.seq))) continue;
      const k = key(r.session_id, r.turn_id);
      const entry = fresh.get(k) ?? { sessionId: r.session_id, turnId: r.turn_id, events: [] };
      entry.events.push({ seq: r.seq, message: r.message, receivedAt });
      fresh.set(k, entry);
    }
    if (fresh.size > 0) await updateTurns(db, [...fresh.values()]);
    return { accepted: inserted.length, duplicates: rows.length - inserted.length };
  });
}

interface Touched {
  sessionId: string;
  turnId: string;
  events: StoredEvent[];
}

async function updateTurns(db: Db, touched: Touched[]): Promise<void> {
  for (const t of touched) t.events.sort((a, b) => a.seq - b.seq);
  const existing = new Map<string, StoredTurn>();
  const pairs = touched.map((t) => ({ session_id: t.sessionId, turn_id: t.turnId }));
  for (const r of await rowsOf<{
    session_id: string;
    turn_id: string;
    first_seq: string | number;
    last_seq: string | number;
    status: TurnStatus;
    ended_at: Date | string | null;
  }>(
    db,
    sql`select t.session_id, t.turn_id, t.first_seq, t.last_seq, t.status, t.ended_at
      from ${turns} t join jsonb_to_recordset(${json(pairs)}) as x(session_id text, turn_id text)
        on t.session_id = x.session_id and t.turn_id = x.turn_id`,
  )) {
    existing.set(key(r.session_id, r.turn_id), {
      sessionId: r.session_id,
      turnId: r.turn_id,
      firstSeq: Number(r.first_seq),
      lastSeq: Number(r.last_seq),
      status: r.status,
      endedAt: r.ended_at === null ? null : new Date(r.ended_at),
    });
  }

  const next: TurnState[] = [];
  const rebuild: Touched[] = [];
  for (const t of touched) {
    const row = existing.get(key(t.sessionId, t.turnId));
    const first = t.events[0];
    if (!first) continue;
    if (foldable(row, t.events))
      next.push(fold(row ? onStored(row) : emptyTurn(t.sessionId, t.turnId, first), t.events));
    else rebuild.push(t);
  }
  if (rebuild.length > 0) next.push(...(await rebuildTurns(db, rebuild)));
  if (next.length === 0) return;

  const toRow = (t: TurnState) => ({
    session_id: t.sessionId,
    turn_id: t.turnId,
    first_seq: t.firstSeq,
    last_seq: t.lastSeq,
    prompt: t.prompt,
    started_at: t.startedAt?.toISOString() ?? null,
    response: t.response,
    append: t.append,
    status: t.status,
    ended_at: t.endedAt?.toISOString() ?? null,
  });
  const columns = sql`session_id text, turn_id text, first_seq bigint, last_seq bigint, prompt text,
    started_at timestamptz, response text, append boolean, status text, ended_at timestamptz`;
  const updates = next.filter((t) => existing.has(key(t.sessionId, t.turnId))).map(toRow);
  const inserts = next.filter((t) => !existing.has(key(t.sessionId, t.turnId))).map(toRow);
  if (updates.length > 0) {
    await db.execute(sql`update ${turns} t set
        first_seq = least(t.first_seq, x.first_seq),
        last_seq = x.last_seq,
        prompt = coalesce(x.prompt, t.prompt),
        started_at = coalesce(x.started_at, t.started_at),
        response = case when x.append then t.response || x.response else x.response end,
        status = x.status,
        ended_at = x.ended_at
      from jsonb_to_recordset(${json(updates)}) as x(${columns})
      where t.session_id = x.session_id and t.turn_id = x.turn_id`);
  }
  if (inserts.length > 0) {
    await db.execute(sql`insert into ${turns}
        (session_id, turn_id, first_seq, last_seq, prompt, response, status, started_at, ended_at)
      select session_id, turn_id, first_seq, last_seq, coalesce(prompt, ''), response, status, started_at, ended_at
      from jsonb_to_recordset(${json(inserts)}) as x(${columns})
      on conflict (session_id, turn_id) do update set
        first_seq = excluded.first_seq, last_seq = excluded.last_seq, prompt = excluded.prompt,
        response = excluded.response, status = excluded.status, started_at = excluded.started_at,
        ended_at = excluded.ended_at`);
  }

  // A conversation's status is its latest turn's: refreshed when a turn starts or ends, not on every chunk.
  const changed = next.filter((t) => {
    const before = existing.get(key(t.sessionId, t.turnId));
    return !before || before.status !== t.status;
  });
  await refreshConversations(db, [...new Set(changed.map((t) => t.sessionId))], new Date());
}

/** Turns rebuilt from all of their stored events (an older event arrived, or a split final message). */
async function rebuildTurns(db: Db, rebuild: Touched[]): Promise<TurnState[]> {
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
  const rebuilt: TurnState[] = [];
  for (const t of rebuild) {
    const list = byTurn.get(key(t.sessionId, t.turnId)) ?? [];
    const first = list[0];
    if (first) rebuilt.push(fold(emptyTurn(t.sessionId, t.turnId, first), list));
  }
  return rebuilt;
}

async function refreshConversations(db: Db, sessionIds: string[], now: Date): Promise<void> {
  if (sessionIds.length === 0) return;
  await db.execute(sql`update ${conversations} c
    set last_status = latest.status, updated_at = ${now.toISOString()}::timestamptz
    from (
      select distinct on (t.session_id) t.session_id, t.status
      from ${turns} t
      where t.session_id in (select value from jsonb_array_elements_text(${json(sessionIds)}))
      order by t.session_id, t.first_seq desc
    ) latest
    where c.session_id = latest.session_id`);
}

/** Removes a deleted conversation's events and turns. */
export async function deleteSessionData(db: Db, sessionIds: string[]): Promise<void> {
  if (sessionIds.length === 0) return;
  await db.delete(events).where(inArray(events.sessionId, sessionIds));
  await db.delete(turns).where(inArray(turns.sessionId, sessionIds));
}
