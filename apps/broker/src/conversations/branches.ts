/**
 * A conversation's branches in the database: the first one made with the conversation, a new one for each
 * edited or retried message (its own runtime session, inheriting the turns before that message), and what
 * the readers need: the tree (branch-tree.ts), a branch's turns with their text and versions, and which
 * runtime session a branch is. A branch lives and dies with its conversation.
 */
import { randomUUID } from "node:crypto";
import type { SessionHistory, StreamMessage, TraceLevel } from "@interject/protocol";
import { and, asc, eq, inArray } from "drizzle-orm";
import type { Db } from "../db/open.ts";
import { conversationBranches, turns } from "../db/schema.ts";
import { ApiError, notFound } from "../errors.ts";
import {
  historyTurn,
  lastSeqOf,
  listEvents,
  listTurnsOfSessions,
  sessionHistory,
  type Turn,
} from "../history/read.ts";
import { type BranchRecord, BranchTree, type Versions } from "./branch-tree.ts";

export type BranchRow = typeof conversationBranches.$inferSelect;

/** A turn as a branch shows it: whose runtime session it belongs to, and the versions of its message. */
export interface PathTurn extends Turn {
  branchId: string;
  versions: Versions;
}

export async function createFirstBranch(
  db: Db,
  conversationId: string,
  sessionId: string,
  at: Date,
): Promise<BranchRow> {
  const [row] = await db
    .insert(conversationBranches)
    .values({
      id: randomUUID(),
      conversationId,
      sessionId,
      parentBranchId: null,
      forkTurnId: null,
      createdAt: at,
    })
    .returning();
  if (!row) throw new Error("insert returned no row");
  return row;
}

/** Every branch of a conversation with its own turns (ids and start times only). */
export async function loadBranchTree(db: Db, conversationId: string): Promise<BranchTree> {
  const rows = await db
    .select()
    .from(conversationBranches)
    .where(eq(conversationBranches.conversationId, conversationId))
    .orderBy(asc(conversationBranches.createdAt));
  const owned =
    rows.length === 0
      ? []
      : await db
          .select({ sessionId: turns.sessionId, turnId: turns.turnId, startedAt: turns.startedAt })
          .from(turns)
          .where(
            inArray(
              turns.sessionId,
              rows.map((r) => r.sessionId),
            ),
          )
          // A turn reported by a browser has no seq (first_seq 0): its start time places it.
          .orderBy(asc(turns.firstSeq), asc(turns.startedAt));
  return new BranchTree(
    rows.map((r) => ({
      id: r.id,
      sessionId: r.sessionId,
      parentBranchId: r.parentBranchId,
      forkTurnId: r.forkTurnId,
      createdAt: r.createdAt,
      turns: owned.filter((t) => t.sessionId === r.sessionId),
    })),
  );
}

/** The branch a runtime session is, if it is one. */
export async function branchOfSession(db: Db, sessionId: string): Promise<BranchRow | undefined> {
  const [row] = await db
    .select()
    .from(conversationBranches)
    .where(eq(conversationBranches.sessionId, sessionId))
    .limit(1);
  return row;
}

/** The turns a branch shows, with their text and versions: `branchId`, or the branch used last. */
export async function readBranch(
  db: Db,
  conversationId: string,
  branchId: string | undefined,
): Promise<{ branch: BranchRecord | undefined; tree: BranchTree; turns: PathTurn[] }> {
  const tree = await loadBranchTree(db, conversationId);
  const branch = branchId === undefined ? tree.latest() : tree.get(branchId);
  if (!branch) {
    if (branchId !== undefined) throw notFound("branch");
    return { branch, tree, turns: [] };
  }
  const path = tree.path(branch.id);
  const versions = tree.versionsAlong(branch.id);
  const texts = await listTurnsOfSessions(db, [...new Set(path.map((n) => n.sessionId))]);
  const byKey = new Map(texts.map(({ sessionId, ...turn }) => [`${sessionId}\u0000${turn.turnId}`, turn]));
  const shown = path.flatMap((node, i) => {
    const turn = byKey.get(`${node.sessionId}\u0000${node.turnId}`);
    if (!turn) return [];
    return [
      { ...turn, branchId: node.branchId, versions: versions[i] ?? { index: 0, branchIds: [branch.id] } },
    ];
  });
  return { branch, tree, turns: shown };
}

/**
 * The stored events of a branch's turns, whichever runtime session each turn belongs to, each session's in
 * seq order (seqs are per session: a reader joins them per turn, never across sessions). At most EVENTS_PAGE
 * per session.
 */
export async function eventsOfPath(
  db: Db,
  shown: readonly PathTurn[],
  level: TraceLevel,
): Promise<StreamMessage[]> {
  if (shown.length === 0) return [];
  const wanted = new Set(shown.map((t) => t.turnId));
  const sessions = await db
    .select({ id: conversationBranches.id, sessionId: conversationBranches.sessionId })
    .from(conversationBranches)
    .where(inArray(conversationBranches.id, [...new Set(shown.map((t) => t.branchId))]));
  const lists = await Promise.all(sessions.map((b) => listEvents(db, b.sessionId, 0, level)));
  return lists.flat().filter((e) => "turnId" in e && typeof e.turnId === "string" && wanted.has(e.turnId));
}

/**
 * What the agent rebuilds a runtime session from (`GET /internal/v1/sessions/:id/history`): for a branch,
 * the turns it shows, numbered after its own session's last seq. An inherited turn the broker still has as
 * streaming is given as an error: it cannot be running in this session, and the agent would otherwise try
 * to end it there. Not a branch (a session the broker only has events of): its own turns.
 */
export async function agentHistory(db: Db, sessionId: string): Promise<SessionHistory> {
  const row = await branchOfSession(db, sessionId);
  if (!row) return sessionHistory(db, sessionId);
  const [{ branch, turns: shown }, lastSeq] = await Promise.all([
    readBranch(db, row.conversationId, row.id),
    lastSeqOf(db, sessionId),
  ]);
  return {
    sessionId,
    lastSeq,
    turns: shown.map((turn) => ({
      ...historyTurn(turn),
      status: turn.branchId !== branch?.id && turn.status === "streaming" ? "error" : turn.status,
    })),
  };
}

/**
 * A new branch of the conversation that shows `fromBranchId`'s turns up to and including `afterTurnId` (none
 * when null), then whatever is sent on it. 409 when that turn is not on the branch (yet: the agent reports a
 * finished turn a moment after the browser saw it end).
 */
export async function forkBranch(
  db: Db,
  conversationId: string,
  fromBranchId: string,
  afterTurnId: string | null,
): Promise<BranchRow> {
  const tree = await loadBranchTree(db, conversationId);
  if (!tree.get(fromBranchId)) throw notFound("branch");
  let parentBranchId: string | null = null;
  if (afterTurnId !== null) {
    const fork = tree.path(fromBranchId).find((node) => node.turnId === afterTurnId);
    if (!fork)
      throw new ApiError(409, "conflict", "that message is not on this branch yet; try again in a moment");
    parentBranchId = fork.branchId;
  }
  const [row] = await db
    .insert(conversationBranches)
    .values({
      id: randomUUID(),
      conversationId,
      sessionId: randomUUID(),
      parentBranchId,
      forkTurnId: afterTurnId,
      createdAt: new Date(),
    })
    .returning();
  if (!row) throw new Error("insert returned no row");
  return row;
}

/** Every runtime session of a conversation (one per branch). */
export async function sessionIdsOf(db: Db, conversationId: string): Promise<string[]> {
  const rows = await db
    .select({ sessionId: conversationBranches.sessionId })
    .from(conversationBranches)
    .where(eq(conversationBranches.conversationId, conversationId));
  return rows.map((r) => r.sessionId);
}

/**
 * The runtime session of a branch of this conversation (404 otherwise). Which conversation a branch belongs
 * to and which session it is never change, so the answer is kept; who owns the conversation is checked by
 * the caller, every time (ownSession).
 */
const branchSessions = new Map<string, { conversationId: string; sessionId: string }>();
const MAX_CACHED_BRANCHES = 50_000;

export async function branchSessionId(db: Db, conversationId: string, branchId: string): Promise<string> {
  const known = branchSessions.get(branchId);
  if (known) {
    if (known.conversationId !== conversationId) throw notFound("branch");
    return known.sessionId;
  }
  const [row] = await db
    .select({ sessionId: conversationBranches.sessionId })
    .from(conversationBranches)
    .where(
      and(eq(conversationBranches.id, branchId), eq(conversationBranches.conversationId, conversationId)),
    )
    .limit(1);
  if (!row) throw notFound("branch");
  if (branchSessions.size >= MAX_CACHED_BRANCHES) {
    const oldest = branchSessions.keys().next();
    if (!oldest.done) branchSessions.delete(oldest.value);
  }
  branchSessions.set(branchId, { conversationId, sessionId: row.sessionId });
  return row.sessionId;
}
