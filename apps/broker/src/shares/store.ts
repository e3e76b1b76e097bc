/**
 * Share links: a random 32-character id (the link's unguessable part), the conversation as it was when
 * shared (the branch on screen, up to its last turn then), an expiry, and revocation by the owner. Readable by any signed-in user
 * of the deployment while neither expired nor revoked.
 */
import { randomBytes } from "node:crypto";
import { and, desc, eq, sql } from "drizzle-orm";
import type { Db } from "../db/open.ts";
import { conversations, shares } from "../db/schema.ts";

export type ShareRow = typeof shares.$inferSelect;
export type ShareStatus = "active" | "expired" | "revoked";
export const SHARE_ID_PATTERN = /^[A-Za-z0-9_-]{32}$/;

export interface Share {
  id: string;
  conversationId: string;
  title: string;
  createdAt: string;
  expiresAt: string;
  revokedAt: string | null;
  status: ShareStatus;
}

export function shareStatus(row: Pick<ShareRow, "expiresAt" | "revokedAt">, now: number): ShareStatus {
  if (row.revokedAt) return "revoked";
  return row.expiresAt.getTime() <= now ? "expired" : "active";
}

export function toShare(row: ShareRow, title: string, now: number): Share {
  return {
    id: row.id,
    conversationId: row.conversationId,
    title,
    createdAt: row.createdAt.toISOString(),
    expiresAt: row.expiresAt.toISOString(),
    revokedAt: row.revokedAt ? row.revokedAt.toISOString() : null,
    status: shareStatus(row, now),
  };
}

/** A short, non-secret name for a link in the audit log (the id itself would open it). */
export const shareRef = (id: string) => id.slice(0, 6);

export async function createShare(
  db: Db,
  input: {
    conversationId: string;
    userId: string;
    branchId: string;
    lastTurnId: string | null;
    expiresAt: Date;
  },
): Promise<ShareRow> {
  const [row] = await db
    .insert(shares)
    .values({ id: randomBytes(24).toString("base64url"), ...input, createdAt: new Date(), revokedAt: null })
    .returning();
  if (!row) throw new Error("insert returned no row");
  return row;
}

/** The user's links, newest first, with their conversations' titles. */
export async function listShares(db: Db, userId: string) {
  return db
    .select({ share: shares, title: conversations.title })
    .from(shares)
    .innerJoin(conversations, eq(conversations.id, shares.conversationId))
    .where(eq(shares.userId, userId))
    .orderBy(desc(shares.createdAt))
    .limit(500);
}

export async function revokeShare(db: Db, userId: string, id: string): Promise<ShareRow | undefined> {
  const [row] = await db
    .update(shares)
    // A second revocation keeps the first one's time.
    .set({ revokedAt: sql`coalesce(${shares.revokedAt}, now())` })
    .where(and(eq(shares.id, id), eq(shares.userId, userId)))
    .returning();
  return row;
}

export async function findShare(db: Db, id: string) {
  const rows = await db
    .select({ share: shares, conversation: conversations })
    .from(shares)
    .innerJoin(conversations, eq(conversations.id, shares.conversationId))
    .where(eq(shares.id, id))
    .limit(1);
  return rows[0];
}
