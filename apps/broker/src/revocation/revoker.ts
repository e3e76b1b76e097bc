/**
 * What a revocation does beyond the database: every change that makes a user's agent connections
 * unauthorised (sign-out, disabling, a password change or reset, a demotion from admin, deleting a
 * conversation) stops the runtime sessions that may have live connections (agentcore/live-sessions.ts), so
 * open sockets end too, not only the next request. Used by the routes and by the admin command alike.
 */
import { liveSessionsOfUser, mayBeLive } from "../agentcore/live-sessions.ts";
import type { RuntimeSessionStopper, StopReason } from "../agentcore/session-stopper.ts";
import { deleteUserSessions } from "../auth/sessions.ts";
import type { Db } from "../db/open.ts";

export class Revoker {
  constructor(
    private readonly db: Db,
    private readonly stopper: RuntimeSessionStopper,
  ) {}

  /** Ends every sign-in of the user (every broker refuses them at once) and their agent connections. */
  async endSignIns(userId: string, reason: StopReason): Promise<void> {
    await deleteUserSessions(this.db, userId);
    await this.stopConnections(userId, reason);
  }

  /** Stops the runtime sessions of the user's conversations that may have live connections. */
  async stopConnections(userId: string, reason: StopReason): Promise<void> {
    const sessionIds = await liveSessionsOfUser(this.db, userId, Date.now());
    if (sessionIds.length > 0) await this.stopper.stop(sessionIds, reason);
  }

  /** Stops a deleted conversation's runtime sessions (one per branch) when they may have live connections. */
  async conversationDeleted(deleted: { sessionIds: string[]; lastConnectionAt: Date | null }): Promise<void> {
    if (deleted.sessionIds.length > 0 && mayBeLive(deleted.lastConnectionAt, Date.now()))
      await this.stopper.stop(deleted.sessionIds, "conversation_deleted");
  }
}
