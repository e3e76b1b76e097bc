/**
 * Deleting an account for good: its sign-ins and agent connections end first, then the account goes with
 * everything it owns (conversations with their history, files and share links; the database cascades from
 * the user row, and the history tables are cleared by session id), and the files' objects leave S3. Audit
 * entries stay: they name the account by the email recorded with the deletion.
 */
import { eq } from "drizzle-orm";
import type { AttachmentStorage } from "../attachments/storage.ts";
import { storageKeysOf } from "../attachments/store.ts";
import { forgetOwner } from "../conversations/owner-cache.ts";
import type { Db } from "../db/open.ts";
import { conversations, users } from "../db/schema.ts";
import { deleteSessionData } from "../history/ingest.ts";
import { announceRevocation } from "../revocation/notify.ts";
import type { Revoker } from "../revocation/revoker.ts";

export async function deleteUser(
  deps: { db: Db; revoker: Revoker; attachments: AttachmentStorage },
  userId: string,
): Promise<{ conversations: number } | undefined> {
  const { db } = deps;
  const owned = await db
    .select({ id: conversations.id, sessionId: conversations.sessionId })
    .from(conversations)
    .where(eq(conversations.userId, userId));
  const objects = await storageKeysOf(db, { userId });
  await deps.revoker.endSignIns(userId, "user_deleted");
  for (const c of owned) forgetOwner(db, c.id);
  const deleted = await db.delete(users).where(eq(users.id, userId)).returning({ id: users.id });
  if (deleted.length === 0) return undefined;
  await announceRevocation(db, { kind: "user", userId });
  for (const c of owned) await announceRevocation(db, { kind: "conversation", conversationId: c.id });
  await deleteSessionData(
    db,
    owned.map((c) => c.sessionId),
  );
  await deps.attachments.remove(objects);
  return { conversations: owned.length };
}
