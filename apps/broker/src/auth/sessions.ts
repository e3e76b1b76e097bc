/**
 * Server-side sessions. The cookie holds 256 random bits; the database holds only their SHA-256. Sessions
 * end after an idle period or an absolute lifetime, whichever comes first; a login always makes a new one,
 * and logout or disabling an account deletes every session of that user.
 */
import { createHash, randomBytes } from "node:crypto";
import { eq, lt, or } from "drizzle-orm";
import type { Db } from "../db/open.ts";
import { sessions, users } from "../db/schema.ts";
import { announceRevocation } from "../revocation/notify.ts";
import { sessionCacheFor } from "./session-cache.ts";
import type { SessionPolicy, SessionUser } from "./session-user.ts";

/** Writing last_seen_at on every request would make each read a write; once a minute is precise enough. */
const TOUCH_EVERY_MS = 60_000;

export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

export async function createSession(db: Db, userId: string, policy: SessionPolicy): Promise<string> {
  const token = randomBytes(32).toString("base64url");
  const now = new Date();
  await db.insert(sessions).values({
    tokenHash: hashToken(token),
    userId,
    createdAt: now,
    lastSeenAt: now,
    expiresAt: new Date(now.getTime() + policy.absoluteMs),
  });
  return token;
}

/** The signed-in user for a cookie token, or undefined when the session is unknown, expired or disabled. */
export async function lookupSession(
  db: Db,
  token: string,
  policy: SessionPolicy,
): Promise<SessionUser | undefined> {
  const tokenHash = hashToken(token);
  const cache = sessionCacheFor(db);
  const cached = cache.get(tokenHash, Date.now(), policy.idleMs);
  if (cached) return cached;
  const generation = cache.readGeneration;
  const rows = await db
    .select({
      lastSeenAt: sessions.lastSeenAt,
      expiresAt: sessions.expiresAt,
      id: users.id,
      email: users.email,
      displayName: users.displayName,
      role: users.role,
      disabled: users.disabled,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(eq(sessions.tokenHash, tokenHash))
    .limit(1);
  const row = rows[0];
  if (!row) return undefined;
  const now = Date.now();
  if (row.disabled || row.expiresAt.getTime() <= now || row.lastSeenAt.getTime() + policy.idleMs <= now) {
    await db.delete(sessions).where(eq(sessions.tokenHash, tokenHash));
    return undefined;
  }
  let lastSeenAt = row.lastSeenAt.getTime();
  if (now - lastSeenAt > TOUCH_EVERY_MS) {
    await db
      .update(sessions)
      .set({ lastSeenAt: new Date(now) })
      .where(eq(sessions.tokenHash, tokenHash));
    lastSeenAt = now;
  }
  const user: SessionUser = { id: row.id, email: row.email, displayName: row.displayName, role: row.role };
  cache.set(tokenHash, { user, lastSeenAt, expiresAt: row.expiresAt.getTime(), cachedAt: now }, generation);
  return user;
}

/**
 * Ends one session. The cache is dropped before the delete and again once it has committed; then every
 * other broker is told.
 */
export async function deleteSession(db: Db, token: string): Promise<void> {
  const tokenHash = hashToken(token);
  const cache = sessionCacheFor(db);
  cache.drop(tokenHash);
  try {
    await db.delete(sessions).where(eq(sessions.tokenHash, tokenHash));
  } finally {
    cache.drop(tokenHash);
  }
  await announceRevocation(db, { kind: "session", tokenHash });
}

/**
 * Ends every session of a user (logout, disabling, password change), in the cache as in the database, then
 * tells every other broker. Agent connections are ended separately (revocation/revoker.ts).
 */
export async function deleteUserSessions(db: Db, userId: string): Promise<void> {
  const cache = sessionCacheFor(db);
  cache.dropUser(userId);
  try {
    await db.delete(sessions).where(eq(sessions.userId, userId));
  } finally {
    cache.dropUser(userId);
  }
  await announceRevocation(db, { kind: "user", userId });
}

export async function purgeExpiredSessions(db: Db, policy: SessionPolicy): Promise<void> {
  const now = Date.now();
  await db
    .delete(sessions)
    .where(or(lt(sessions.expiresAt, new Date(now)), lt(sessions.lastSeenAt, new Date(now - policy.idleMs))));
}
