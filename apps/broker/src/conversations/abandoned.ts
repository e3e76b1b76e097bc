/**
 * No empty conversations are kept. The web creates a conversation with its first message, so one with no
 * turn means that message never reached the agent (the page was closed while offline, say). A day later,
 * with no connection minted for it that could still be open, it is deleted with whatever its sessions stored.
 */

import { and, eq, inArray, isNull, lt, notExists, or } from "drizzle-orm";
import { LIVE_WINDOW_MS } from "../agentcore/live-sessions.ts";
import type { Db } from "../db/open.ts";
import { conversationBranches, conversations, turns } from "../db/schema.ts";
import { deleteSessionData } from "../history/ingest.ts";
import { announceRevocation } from "../revocation/notify.ts";
import { forgetOwner } from "./owner-cache.ts";

export const ABANDONED_AFTER_MS = 24 * 60 * 60_000;

/** Deletes the conversations nobody said anything in for a day; returns how many. */
export async function deleteAbandonedConversations(db: Db, now: number): Promise<number> {
  const said = db
    .select({ one: turns.turnId })
    .from(turns)
    .innerJoin(conversationBranches, eq(conversationBranches.sessionId, turns.sessionId))
    .where(eq(conversationBranches.conversationId, conversations.id));
  const candidates = await db
    .select({ id: conversations.id })
    .from(conversations)
    .where(
      and(
        lt(conversations.createdAt, new Date(now - ABANDONED_AFTER_MS)),
        or(
          isNull(conversations.lastConnectionAt),
          lt(conversations.lastConnectionAt, new Date(now - LIVE_WINDOW_MS)),
        ),
        notExists(said),
      ),
    )
    .limit(500);
  if (candidates.length === 0) return 0;
  const ids = candidates.map((c) => c.id);
  const sessions = await db
    .select({
      conversationId: conversationBranches.conversationId,
      sessionId: conversationBranches.sessionId,
    })
    .from(conversationBranches)
    .where(inArray(conversationBranches.conversationId, ids));
  for (const id of ids) forgetOwner(db, id);
  // Deleted only if still empty: a first message may have arrived since.
  const deleted = await db
    .delete(conversations)
    .where(and(inArray(conversations.id, ids), notExists(said)))
    .returning({ id: conversations.id, sessionId: conversations.sessionId });
  for (const row of deleted) {
    forgetOwner(db, row.id);
    await announceRevocation(db, { kind: "conversation", conversationId: row.id });
  }
  const gone = new Set(deleted.map((r) => r.id));
  const sessionIds = [
    ...deleted.map((r) => r.sessionId),
    ...sessions.filter((s) => gone.has(s.conversationId)).map((s) => s.sessionId),
  ];
  await deleteSessionData(db, [...new Set(sessionIds)]);
  return deleted.length;
}
