/**
 * Stores the agent's event batches and keeps each session's turns. Idempotent by (session id, seq): a
 * retried batch stores nothing twice.
 *
 * Streamed text is stored once, in the chunk events. A turn's row is written when the turn starts (its
 * prompt) and when it ends (status, time, and the final message's text), never per chunk: while a turn
 * streams, or when its end gives no usable text, readers join its chunks (history/read.ts). So a batch is a
 * few statements with one JSON parameter each, whatever it touches, and the broker's cost per streamed
 * word does not grow with the answer. Batches may arrive in any order: each fact lands where it belongs
 * (a late `turn` message never reopens an ended turn).
 */
import {
  type IngestBatch,
  type IngestResult,
  isFinalPart,
  type StreamMessage,
  type TurnStatus,
} from "@interject/protocol";
import { type SQL, sql } from "drizzle-orm";
import { bindToSessions } from "../attachments/store.ts";
import type { Db } from "../db/open.ts";
import { conversationBranches, conversations, events, turns } from "../db/schema.ts";

function turnIdOf(m: StreamMessage): string | null {
  return "turnId" in m && typeof m.turnId === "string" ? m.turnId : null;
}

/**
 * Batches run one after another in this process, so that the parts of a final message split across two
 * batches always find each other.
 */
let queue: Promise<unknown> = Promise.resolve();
function serialised<T>(work: () => Promise<T>): Promise<T> {
  const next = queue.then(work, work);
  queue = next.catch(() => undefined);
  return next;
}

const key = (sessionId: string, part: string | number) => `${sessionId}\u0000${part}`;

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

interface EventRow {
  session_id: string;
  seq: number;
  type: StreamMessage["type"];
  turn_id: string | null;
  trace_kind: string | null;
  message: StreamMessage;
}

export async function ingestBatch(db: Db, batch: IngestBatch): Promise<IngestResult> {
  const receivedAt = new Date().toISOString();
  const rows: EventRow[] = batch.events.map((e) => ({
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
        select x.session_id, x.seq, x.type, x.turn_id, x.trace_kind, x.message, ${receivedAt}::timestamptz
        from jsonb_to_recordset(${json(rows)}) as x(
          session_id text, seq bigint, type text, turn_id text, trace_kind text, message jsonb
        )
        on conflict do nothing
        returning session_id, seq`,
    );
    const stored = new Set(inserted.map((r) => key(r.session_id, Number(r.seq))));
    const fresh = rows.filter((r) => r.turn_id !== null && stored.has(key(r.session_id, r.seq)));
    if (fresh.length > 0) await updateTurns(db, fresh, receivedAt);
    return { accepted: inserted.length, duplicates: rows.length - inserted.length };
  });
}

async function updateTurns(db: Db, fresh: EventRow[], receivedAt: string): Promise<void> {
  // Every turn touched gets a row (a turn whose `turn` message was lost still shows up, without a prompt).
  const firstSeen = new Map<string, { session_id: string; turn_id: string; first_seq: number }>();
  for (const r of fresh) {
    const k = key(r.session_id, r.turn_id as string);
    const seen = firstSeen.get(k);
    if (!seen || r.seq < seen.first_seq)
      firstSeen.set(k, { session_id: r.session_id, turn_id: r.turn_id as string, first_seq: r.seq });
  }
  const starts = fresh.flatMap((r) =>
    r.message.type === "turn"
      ? [
          {
            session_id: r.session_id,
            turn_id: r.message.turnId,
            first_seq: r.seq,
            prompt: r.message.prompt,
            started_at: new Date(r.message.at).toISOString(),
            attachments: r.message.attachments?.map((a) => a.id) ?? null,
          },
        ]
      : [],
  );
  const startedKeys = new Set(starts.map((s) => key(s.session_id, s.turn_id)));
  const unannounced = [...firstSeen.entries()].filter(([k]) => !startedKeys.has(k)).map(([, v]) => v);
  if (starts.length > 0) {
    await db.execute(sql`insert into ${turns}
        (session_id, turn_id, first_seq, prompt, response, status, started_at, ended_at, attachments)
      select session_id, turn_id, first_seq, prompt, null, 'streaming', started_at, null, attachments
      from jsonb_to_recordset(${json(starts)}) as x(
        session_id text, turn_id text, first_seq bigint, prompt text, started_at timestamptz, attachments jsonb
      )
      on conflict (session_id, turn_id) do update set
        prompt = excluded.prompt,
        started_at = excluded.started_at,
        attachments = excluded.attachments,
        first_seq = least(${turns.firstSeq}, excluded.first_seq)`);
    // The files a prompt carried now belong to its conversation (and go when it is deleted).
    await bindToSessions(
      db,
      starts.flatMap((s) => (s.attachments ? [{ sessionId: s.session_id, ids: s.attachments }] : [])),
    );
  }
  // Almost always these rows exist already (the chunks of a streaming turn): nothing is written then. Any
  // of a turn's seqs orders it among the session's turns, so an existing row's first_seq needs no update.
  const created =
    unannounced.length === 0
      ? []
      : await rowsOf<{ session_id: string }>(
          db,
          sql`insert into ${turns}
            (session_id, turn_id, first_seq, prompt, response, status, started_at, ended_at)
          select session_id, turn_id, first_seq, '', null, 'streaming', ${receivedAt}::timestamptz, null
          from jsonb_to_recordset(${json(unannounced)}) as x(session_id text, turn_id text, first_seq bigint)
          on conflict (session_id, turn_id) do nothing
          returning session_id`,
        );

  const ends = await endings(db, fresh, receivedAt);
  if (ends.length > 0) {
    await db.execute(sql`update ${turns} t set
        status = x.status, ended_at = x.ended_at, response = x.response
      from jsonb_to_recordset(${json(ends)}) as x(
        session_id text, turn_id text, status text, ended_at timestamptz, response text
      )
      where t.session_id = x.session_id and t.turn_id = x.turn_id`);
  }

  // A conversation's status is its latest turn's: refreshed when a turn starts or ends, not on every chunk.
  const changed = new Set([
    ...starts.map((s) => s.session_id),
    ...created.map((s) => s.session_id),
    ...ends.map((e) => e.session_id),
  ]);
  if (changed.size > 0) await refreshConversations(db, [...changed], receivedAt);
}

interface Ending {
  session_id: string;
  turn_id: string;
  status: Exclude<TurnStatus, "streaming">;
  ended_at: string;
  /** The final message's whole text; null when readers should join the streamed chunks instead. */
  response: string | null;
}

/**
 * The turns that ended in these events. A final message may come in parts (1..parts, in seq order); the
 * last part ends the turn, with the parts joined, reading earlier parts from storage when they came in an
 * earlier batch. If a part is missing, or the turn ended in an error, the streamed chunks are the answer.
 */
async function endings(db: Db, fresh: EventRow[], receivedAt: string): Promise<Ending[]> {
  const ends: Ending[] = [];
  for (const r of fresh) {
    const m = r.message;
    const turnId = r.turn_id as string;
    if (m.type === "error") {
      ends.push({
        session_id: r.session_id,
        turn_id: turnId,
        status: "error",
        ended_at: receivedAt,
        response: null,
      });
      continue;
    }
    if ((m.type !== "complete" && m.type !== "interrupted") || !isFinalPart(m)) continue;
    let response: string | null = m.type === "complete" ? m.fullResponse : m.partialResponse;
    if ((m.parts ?? 1) > 1) {
      const parts = await rowsOf<{ message: StreamMessage }>(
        db,
        sql`select message from ${events}
          where session_id = ${r.session_id} and turn_id = ${turnId} and type = ${m.type}
          order by seq`,
      );
      const pieces = parts.flatMap(({ message: p }) =>
        p.type === "complete"
          ? [{ part: p.part ?? 1, text: p.fullResponse }]
          : p.type === "interrupted"
            ? [{ part: p.part ?? 1, text: p.partialResponse }]
            : [],
      );
      response =
        pieces.length === m.parts && pieces.every((p, i) => p.part === i + 1)
          ? pieces.map((p) => p.text).join("")
          : null;
    }
    ends.push({ session_id: r.session_id, turn_id: turnId, status: m.type, ended_at: receivedAt, response });
  }
  return ends;
}

/** A conversation's status is its latest turn's, by start (a reported turn has no seq: history/read.ts). */
export async function refreshConversations(db: Db, sessionIds: string[], at: string): Promise<void> {
  // A conversation's sessions are its branches: its status is its latest turn's, whichever branch has it.
  await db.execute(sql`update ${conversations} c
    set last_status = latest.status, updated_at = ${at}::timestamptz
    from (
      select distinct on (b.conversation_id) b.conversation_id, t.status
      from ${conversationBranches} b
      join ${turns} t on t.session_id = b.session_id
      where b.conversation_id in (
        select touched.conversation_id from ${conversationBranches} touched
        where touched.session_id in (select value from jsonb_array_elements_text(${json(sessionIds)}))
      )
      order by b.conversation_id, t.started_at desc, t.first_seq desc
    ) latest
    where c.id = latest.conversation_id`);
}

/** Removes a deleted conversation's events and turns. */
export async function deleteSessionData(db: Db, sessionIds: string[]): Promise<void> {
  if (sessionIds.length === 0) return;
  await db.execute(
    sql`delete from ${events} where session_id in (select value from jsonb_array_elements_text(${json(sessionIds)}))`,
  );
  await db.execute(
    sql`delete from ${turns} where session_id in (select value from jsonb_array_elements_text(${json(sessionIds)}))`,
  );
}
