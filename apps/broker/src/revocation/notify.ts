/**
 * Revocations travel between brokers as PostgreSQL notifications (NOTIFY on one channel; PGlite has the same
 * mechanism, so there is one code path). The code that ends a sign-in, changes a user, deletes a conversation
 * or changes the agents registry announces it once its write has committed; every broker on the database, this one included,
 * drops what it cached about it when the notification arrives (applyRevocation), so another replica refuses
 * a revoked session within milliseconds instead of after its cache entry expires.
 */
import { sql } from "drizzle-orm";
import { z } from "zod";
import { agentDirectoryFor } from "../agents/directory.ts";
import { sessionCacheFor } from "../auth/session-cache.ts";
import { forgetOwner, setOwnerCacheEnabled } from "../conversations/owner-cache.ts";
import type { Db } from "../db/open.ts";

export const REVOCATION_CHANNEL = "interject_revocation";

const Revocation = z.discriminatedUnion("kind", [
  /** One sign-in ended (the SHA-256 of its token, as stored). */
  z.strictObject({ kind: z.literal("session"), tokenHash: z.string().regex(/^[0-9a-f]{64}$/) }),
  /** Every sign-in of a user ended, or the user's role or status changed. */
  z.strictObject({ kind: z.literal("user"), userId: z.string().min(1).max(100) }),
  /** A conversation was deleted. */
  z.strictObject({ kind: z.literal("conversation"), conversationId: z.string().min(1).max(100) }),
  /** The agents registry changed (an agent added, edited, disabled): read it again. */
  z.strictObject({ kind: z.literal("agents") }),
]);
export type Revocation = z.infer<typeof Revocation>;

/** Tells every broker on the database (this one too) about a committed revocation. */
export async function announceRevocation(db: Db, revocation: Revocation): Promise<void> {
  await db.execute(sql`select pg_notify(${REVOCATION_CHANNEL}, ${JSON.stringify(revocation)})`);
}

/** Parses a notification's payload; undefined for anything that is not a revocation. */
export function parseRevocation(payload: string): Revocation | undefined {
  try {
    const parsed = Revocation.safeParse(JSON.parse(payload));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** Drops whatever this process cached about a revocation. */
export function applyRevocation(db: Db, revocation: Revocation): void {
  switch (revocation.kind) {
    case "session":
      sessionCacheFor(db).drop(revocation.tokenHash);
      return;
    case "user":
      sessionCacheFor(db).dropUser(revocation.userId);
      return;
    case "conversation":
      forgetOwner(db, revocation.conversationId);
      return;
    case "agents":
      agentDirectoryFor(db).invalidate();
      return;
  }
}

/** Caches may hold answers only while this process hears every revocation (see RevocableCache). */
export function setRevocableCachesEnabled(db: Db, enabled: boolean): void {
  sessionCacheFor(db).setEnabled(enabled);
  setOwnerCacheEnabled(db, enabled);
  agentDirectoryFor(db).setEnabled(enabled);
}
