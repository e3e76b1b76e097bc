/**
 * Attachment rows. A user uploads a file before the prompt exists, so a new row belongs to its uploader
 * only; it is bound to a conversation (and deleted with it) when that conversation's `turn` names it or its
 * agent first reads it, and only ever to a conversation of the same user: an id copied into someone else's
 * prompt finds nothing. Files never bound are removed after UNBOUND_TTL_MS.
 */
import { and, eq, isNotNull, isNull, lt, sql } from "drizzle-orm";
import type { Db } from "../db/open.ts";
import { attachments, conversationBranches, conversations } from "../db/schema.ts";
import type { StoredBytes } from "./storage.ts";

export type AttachmentRow = typeof attachments.$inferSelect;

/** What the API and history say about a file (never its bytes). */
export interface AttachmentMeta {
  id: string;
  name: string;
  mediaType: string;
  size: number;
}

export const UNBOUND_TTL_MS = 24 * 3_600_000;

export const toAttachmentMeta = (
  r: Pick<AttachmentRow, "id" | "name" | "mediaType" | "size">,
): AttachmentMeta => ({
  id: r.id,
  name: r.name,
  mediaType: r.mediaType,
  size: r.size,
});

export async function insertAttachment(
  db: Db,
  row: { id: string; userId: string; name: string; mediaType: string; size: number } & StoredBytes,
): Promise<void> {
  await db.insert(attachments).values({ ...row, conversationId: null, createdAt: new Date() });
}

export async function findAttachment(db: Db, id: string): Promise<AttachmentRow | undefined> {
  const rows = await db.select().from(attachments).where(eq(attachments.id, id)).limit(1);
  return rows[0];
}

/**
 * The attachment `id` as the agent of runtime session `sessionId` (any branch of a conversation) may read
 * it: the conversation's owner uploaded it, and it is unbound or bound to that conversation. Binds it on the
 * way. A file sent on one branch is readable on the others: an edited message's branch inherits its turns.
 */
export async function attachmentForSession(
  db: Db,
  sessionId: string,
  id: string,
): Promise<AttachmentRow | undefined> {
  const [conversation] = await db
    .select({ id: conversations.id, userId: conversations.userId })
    .from(conversationBranches)
    .innerJoin(conversations, eq(conversations.id, conversationBranches.conversationId))
    .where(eq(conversationBranches.sessionId, sessionId))
    .limit(1);
  if (!conversation) return undefined;
  const row = await findAttachment(db, id);
  if (!row || row.userId !== conversation.userId) return undefined;
  if (row.conversationId === null) {
    await db
      .update(attachments)
      .set({ conversationId: conversation.id })
      .where(and(eq(attachments.id, id), isNull(attachments.conversationId)));
    return { ...row, conversationId: conversation.id };
  }
  return row.conversationId === conversation.id ? row : undefined;
}

/** Binds the owner's unbound files named by the `turn`s of these sessions to their conversations. */
export async function bindToSessions(
  db: Db,
  named: ReadonlyArray<{ sessionId: string; ids: readonly string[] }>,
): Promise<void> {
  const pairs = named.flatMap(({ sessionId, ids }) => ids.map((id) => ({ session_id: sessionId, id })));
  if (pairs.length === 0) return;
  await db.execute(sql`update ${attachments} a set conversation_id = c.id
    from jsonb_to_recordset(${JSON.stringify(pairs)}::jsonb) as x(session_id text, id text),
      ${conversationBranches} b join ${conversations} c on c.id = b.conversation_id
    where b.session_id = x.session_id and a.id = x.id and a.user_id = c.user_id and a.conversation_id is null`);
}

/** Deletes a user's unbound file (404 when it is not theirs, 409 once a conversation holds it). */
export async function deleteUnbound(
  db: Db,
  userId: string,
  id: string,
): Promise<StoredBytes | "bound" | undefined> {
  const row = await findAttachment(db, id);
  if (!row || row.userId !== userId) return undefined;
  if (row.conversationId !== null) return "bound";
  await db.delete(attachments).where(and(eq(attachments.id, id), isNull(attachments.conversationId)));
  return { data: null, storageKey: row.storageKey };
}

/** Removes this user's files that no prompt used within UNBOUND_TTL_MS; returns their object keys. */
export async function sweepUnbound(db: Db, userId: string, now: number): Promise<string[]> {
  const rows = await db
    .delete(attachments)
    .where(
      and(
        eq(attachments.userId, userId),
        isNull(attachments.conversationId),
        lt(attachments.createdAt, new Date(now - UNBOUND_TTL_MS)),
      ),
    )
    .returning({ storageKey: attachments.storageKey });
  return rows.flatMap((r) => (r.storageKey ? [r.storageKey] : []));
}

/** Object keys of the files a conversation's deletion (or a user's) will remove with their rows. */
export async function storageKeysOf(
  db: Db,
  owner: { conversationId: string } | { userId: string },
): Promise<string[]> {
  const rows = await db
    .select({ storageKey: attachments.storageKey })
    .from(attachments)
    .where(
      and(
        isNotNull(attachments.storageKey),
        "conversationId" in owner
          ? eq(attachments.conversationId, owner.conversationId)
          : // Bound files are always their uploader's (see attachmentForSession): the user's rows are all of them.
            eq(attachments.userId, owner.userId),
      ),
    );
  return rows.flatMap((r) => (r.storageKey ? [r.storageKey] : []));
}
