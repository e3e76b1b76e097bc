/**
 * Which runtime sessions may have live agent connections, known cheaply: minting a URL (for any of its
 * branches) writes the conversation's `last_connection_at`, at most once a minute per conversation and process, so the minting
 * hot path stays off the database. A runtime session counts as live while a socket opened with a URL minted
 * then could still be open: the URL is accepted for its lifetime (at most MAX_EXPIRES_SECONDS, whatever any
 * replica's setting), a connection lasts at most WEBSOCKET_MAX_CONNECTION_SECONDS (AgentCore's cap), and the recorded
 * time may be up to MARK_EVERY_MS older than the last mint.
 */
import { MAX_EXPIRES_SECONDS, WEBSOCKET_MAX_CONNECTION_SECONDS } from "@interject/agentcore-sigv4";
import { and, eq, gt, isNull, lt, ne, or } from "drizzle-orm";
import type { Db } from "../db/open.ts";
import { conversationBranches, conversations, users } from "../db/schema.ts";

export const MARK_EVERY_MS = 60_000;
export const LIVE_WINDOW_MS = (WEBSOCKET_MAX_CONNECTION_SECONDS + MAX_EXPIRES_SECONDS) * 1000 + MARK_EVERY_MS;
const MAX_TRACKED = 50_000;

export function mayBeLive(lastConnectionAt: Date | null, now: number): boolean {
  return lastConnectionAt !== null && lastConnectionAt.getTime() > now - LIVE_WINDOW_MS;
}

/** Records connection mints, writing to the database at most once a minute per conversation. */
export class ConnectionMarks {
  private readonly writtenAt = new Map<string, number>();

  async mark(db: Db, conversationId: string, now: number): Promise<void> {
    const last = this.writtenAt.get(conversationId);
    if (last !== undefined && now - last < MARK_EVERY_MS) return;
    if (last === undefined && this.writtenAt.size >= MAX_TRACKED) {
      const oldest = this.writtenAt.keys().next();
      if (!oldest.done) this.writtenAt.delete(oldest.value);
    }
    this.writtenAt.delete(conversationId);
    this.writtenAt.set(conversationId, now);
    // Another replica may have written it within the minute: then this is a no-op.
    await db
      .update(conversations)
      .set({ lastConnectionAt: new Date(now) })
      .where(
        and(
          eq(conversations.id, conversationId),
          or(
            isNull(conversations.lastConnectionAt),
            lt(conversations.lastConnectionAt, new Date(now - MARK_EVERY_MS)),
          ),
        ),
      );
  }
}

/** A runtime session (a branch's) that may have live connections, and the agent its conversation talks to. */
export interface LiveSession {
  sessionId: string;
  agentId: string;
}

const LIVE_COLUMNS = { sessionId: conversationBranches.sessionId, agentId: conversations.agentId };

/** The runtime sessions (every branch's) of a user's conversations that may have live connections. */
export function liveSessionsOfUser(db: Db, userId: string, now: number): Promise<LiveSession[]> {
  return db
    .select(LIVE_COLUMNS)
    .from(conversations)
    .innerJoin(conversationBranches, eq(conversationBranches.conversationId, conversations.id))
    .where(
      and(
        eq(conversations.userId, userId),
        gt(conversations.lastConnectionAt, new Date(now - LIVE_WINDOW_MS)),
      ),
    );
}

/**
 * The runtime sessions (every branch's) of an agent's conversations that may have live connections: all of them, or (`only:
 * "non-admins"`) those of conversations whose owner is not an administrator.
 */
export async function liveSessionsOfAgent(
  db: Db,
  agentId: string,
  now: number,
  only: "all" | "non-admins",
): Promise<LiveSession[]> {
  const live = and(
    eq(conversations.agentId, agentId),
    gt(conversations.lastConnectionAt, new Date(now - LIVE_WINDOW_MS)),
  );
  const branches = eq(conversationBranches.conversationId, conversations.id);
  if (only === "all")
    return db.select(LIVE_COLUMNS).from(conversations).innerJoin(conversationBranches, branches).where(live);
  return db
    .select(LIVE_COLUMNS)
    .from(conversations)
    .innerJoin(conversationBranches, branches)
    .innerJoin(users, eq(users.id, conversations.userId))
    .where(and(live, ne(users.role, "admin")));
}
