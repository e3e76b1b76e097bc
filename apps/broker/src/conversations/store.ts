/**
 * Conversations: each has an owner, its own unguessable runtime session id (a UUID v4, 36 characters) and the
 * agent it talks to, chosen when it is created and never changed.
 */
import { randomUUID } from "node:crypto";
import { and, desc, eq, isNotNull, isNull, lt, or, type SQL } from "drizzle-orm";
import type { AgentRow } from "../agents/directory.ts";
import { type AgentRegistry, type AgentSummary, toAgentSummary } from "../agents/registry.ts";
import type { Db } from "../db/open.ts";
import { conversations } from "../db/schema.ts";
import { ApiError, notFound } from "../errors.ts";
import { deleteSessionData } from "../history/ingest.ts";
import { announceRevocation } from "../revocation/notify.ts";
import { createFirstBranch, sessionIdsOf } from "./branches.ts";
import { decodeCursor, encodeCursor } from "./cursor.ts";
import { cachedOwner, forgetOwner, ownerReadGeneration, rememberOwner } from "./owner-cache.ts";

export type ConversationRow = typeof conversations.$inferSelect;

export interface Conversation {
  id: string;
  title: string;
  sessionId: string;
  createdAt: string;
  updatedAt: string;
  lastStatus: ConversationRow["lastStatus"];
  /** The agent the conversation talks to, for good. */
  agent: AgentSummary;
  /** When the owner pinned it to the top of their list; null when not pinned. */
  pinnedAt: string | null;
}

export const DEFAULT_TITLE = "New conversation";

/** A conversation as the API shows it; `agents` holds its agent (see AgentRegistry.byIds). */
export function toConversation(r: ConversationRow, agents: ReadonlyMap<string, AgentRow>): Conversation {
  const agent = agents.get(r.agentId);
  return {
    id: r.id,
    title: r.title,
    sessionId: r.sessionId,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
    lastStatus: r.lastStatus,
    // The table's foreign key makes a missing agent impossible; the fallback keeps a reader going regardless.
    agent: agent
      ? toAgentSummary(agent)
      : { id: r.agentId, name: "unknown", displayName: "Unknown agent", protocolLevel: "detect" },
    pinnedAt: r.pinnedAt ? r.pinnedAt.toISOString() : null,
  };
}

/** The conversations as the API shows them, their agents looked up once. */
export async function toConversations(
  registry: AgentRegistry,
  rows: readonly ConversationRow[],
): Promise<Conversation[]> {
  const agents = await registry.byIds(rows.map((r) => r.agentId));
  return rows.map((r) => toConversation(r, agents));
}

/** One conversation as the API shows it. */
export async function toConversationView(
  registry: AgentRegistry,
  row: ConversationRow,
): Promise<Conversation> {
  return toConversation(row, await registry.byIds([row.agentId]));
}

export async function createConversation(
  db: Db,
  userId: string,
  title: string | undefined,
  agentId: string,
): Promise<ConversationRow> {
  const now = new Date();
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(conversations)
      .values({
        id: randomUUID(),
        userId,
        title: title?.trim() || DEFAULT_TITLE,
        sessionId: randomUUID(),
        agentId,
        createdAt: now,
        updatedAt: now,
        lastStatus: null,
      })
      .returning();
    if (!row) throw new Error("insert returned no row");
    // Its session is its first branch (conversations/branches.ts).
    await createFirstBranch(tx, row.id, row.sessionId, now);
    return row;
  });
}

/** The conversation if `userId` owns it; 404 otherwise, whether it exists or not. */
export async function ownConversation(db: Db, userId: string, id: string): Promise<ConversationRow> {
  const rows = await db
    .select()
    .from(conversations)
    .where(and(eq(conversations.id, id), eq(conversations.userId, userId)))
    .limit(1);
  const row = rows[0];
  if (!row) throw notFound();
  return row;
}

/**
 * The runtime session id and agent of a conversation `userId` owns (404 otherwise), served from a short cache
 * when it can be.
 */
export async function ownSession(
  db: Db,
  userId: string,
  id: string,
): Promise<{ sessionId: string; agentId: string }> {
  const now = Date.now();
  const hit = cachedOwner(db, id, now);
  if (hit) {
    if (hit.userId !== userId) throw notFound();
    return hit;
  }
  const generation = ownerReadGeneration(db);
  const row = await ownConversation(db, userId, id);
  rememberOwner(db, id, row, now, generation);
  return row;
}

export async function getConversation(db: Db, id: string): Promise<ConversationRow> {
  const rows = await db.select().from(conversations).where(eq(conversations.id, id)).limit(1);
  const row = rows[0];
  if (!row) throw notFound();
  return row;
}

export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (ch) => `\\${ch}`);
}

export function afterCursor(cursor: string | undefined): SQL | undefined {
  const c = decodeCursor(cursor);
  if (!c) return undefined;
  return or(
    lt(conversations.updatedAt, c.at),
    and(eq(conversations.updatedAt, c.at), lt(conversations.id, c.id)),
  );
}

/** One page of rows matching `where`, most recently active first. */
export async function pageConversations(
  db: Db,
  where: SQL | undefined,
  limit: number,
): Promise<{ rows: ConversationRow[]; nextCursor: string | null }> {
  const rows = await db
    .select()
    .from(conversations)
    .where(where)
    .orderBy(desc(conversations.updatedAt), desc(conversations.id))
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    rows: page,
    nextCursor: rows.length > limit && last ? encodeCursor(last.updatedAt, last.id) : null,
  };
}

/** One page of the owner's conversations that are not pinned, most recently active first. */
export function listOwn(db: Db, userId: string, opts: { limit: number; cursor?: string | undefined }) {
  return pageConversations(
    db,
    and(eq(conversations.userId, userId), isNull(conversations.pinnedAt), afterCursor(opts.cursor)),
    opts.limit,
  );
}

/** The owner's pinned conversations, the most recently pinned first (at most MAX_PINNED). */
export async function listPinned(db: Db, userId: string): Promise<ConversationRow[]> {
  return db
    .select()
    .from(conversations)
    .where(and(eq(conversations.userId, userId), isNotNull(conversations.pinnedAt)))
    .orderBy(desc(conversations.pinnedAt), desc(conversations.id))
    .limit(MAX_PINNED);
}

/** How many conversations one person may pin: the list's top stays short. */
export const MAX_PINNED = 50;

export async function setPinned(
  db: Db,
  userId: string,
  id: string,
  pinned: boolean,
): Promise<ConversationRow> {
  if (pinned) {
    const already = await listPinned(db, userId);
    if (already.length >= MAX_PINNED && !already.some((r) => r.id === id))
      throw new ApiError(409, "conflict", `at most ${MAX_PINNED} conversations can be pinned`);
  }
  const [row] = await db
    .update(conversations)
    .set({ pinnedAt: pinned ? new Date() : null })
    .where(and(eq(conversations.id, id), eq(conversations.userId, userId)))
    .returning();
  if (!row) throw notFound();
  return row;
}

export async function renameConversation(
  db: Db,
  userId: string,
  id: string,
  title: string,
): Promise<ConversationRow> {
  const [row] = await db
    .update(conversations)
    .set({ title: title.trim(), updatedAt: new Date() })
    .where(and(eq(conversations.id, id), eq(conversations.userId, userId)))
    .returning();
  if (!row) throw notFound();
  return row;
}

/** Deletes a conversation `userId` owns (404 otherwise) and its history, every branch's; tells every broker. */
export async function deleteConversation(
  db: Db,
  userId: string,
  id: string,
): Promise<{ sessionIds: string[]; agentId: string; lastConnectionAt: Date | null }> {
  // Forget before the delete and again once it has committed (see owner-cache.ts), then tell the others.
  forgetOwner(db, id);
  let rows: Array<{ sessionId: string; agentId: string; lastConnectionAt: Date | null }>;
  let sessionIds: string[] = [];
  try {
    sessionIds = await sessionIdsOf(db, id);
    rows = await db
      .delete(conversations)
      .where(and(eq(conversations.id, id), eq(conversations.userId, userId)))
      .returning({
        sessionId: conversations.sessionId,
        agentId: conversations.agentId,
        lastConnectionAt: conversations.lastConnectionAt,
      });
  } finally {
    forgetOwner(db, id);
  }
  const [row] = rows;
  if (!row) throw notFound();
  await announceRevocation(db, { kind: "conversation", conversationId: id });
  const all = [...new Set([row.sessionId, ...sessionIds])];
  await deleteSessionData(db, all);
  return { sessionIds: all, agentId: row.agentId, lastConnectionAt: row.lastConnectionAt };
}
