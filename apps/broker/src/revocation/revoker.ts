/**
 * What a revocation does beyond the database: every change that makes agent connections unauthorised
 * (sign-out, disabling a user, a password change or reset, a demotion from admin, deleting a conversation,
 * disabling an agent or narrowing who may use it) stops the runtime sessions that may have live connections
 * (agentcore/live-sessions.ts), each on its own agent's runtime, so open sockets end too, not only the next
 * request. Used by the routes and by the admin command alike.
 */

import {
  type LiveSession,
  liveSessionsOfAgent,
  liveSessionsOfUser,
  mayBeLive,
} from "../agentcore/live-sessions.ts";
import type { RuntimeSessionRef, RuntimeSessionStopper, StopReason } from "../agentcore/session-stopper.ts";
import { targetOf } from "../agents/agent-fields.ts";
import { type AgentRow, agentDirectoryFor } from "../agents/directory.ts";
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
    await this.stopLive(await liveSessionsOfUser(this.db, userId, Date.now()), reason);
  }

  /** Stops a deleted conversation's runtime sessions (one per branch) when they may have live connections. */
  async conversationDeleted(deleted: {
    sessionIds: string[];
    agentId: string;
    lastConnectionAt: Date | null;
  }): Promise<void> {
    if (mayBeLive(deleted.lastConnectionAt, Date.now()))
      await this.stopLive(
        deleted.sessionIds.map((sessionId) => ({ sessionId, agentId: deleted.agentId })),
        "conversation_deleted",
      );
  }

  /**
   * After an agent was edited: disabling it, or moving it to another runtime, stops every live session of its
   * conversations (on the runtime they were reached at); restricting it to admins, or lowering users' trace
   * level, stops those of conversations whose owner is not an admin.
   */
  async agentChanged(before: AgentRow, after: AgentRow): Promise<void> {
    const moved =
      before.runtimeArn !== after.runtimeArn ||
      before.qualifier !== after.qualifier ||
      before.region !== after.region;
    const disabled = before.enabled && !after.enabled;
    const narrowed =
      (before.access === "everyone" && after.access === "admins") ||
      (before.defaultTraceLevel === "full" && after.defaultTraceLevel === "milestones");
    if (!before.enabled || (!disabled && !moved && !narrowed)) return;
    const live = await liveSessionsOfAgent(
      this.db,
      before.id,
      Date.now(),
      disabled || moved ? "all" : "non-admins",
    );
    const target = targetOf(before);
    await this.stopper.stop(
      live.map((s) => ({ sessionId: s.sessionId, target })),
      disabled ? "agent_disabled" : "agent_changed",
    );
  }

  private async stopLive(live: readonly LiveSession[], reason: StopReason): Promise<void> {
    if (live.length === 0) return;
    const agents = new Map((await agentDirectoryFor(this.db).all()).map((a) => [a.id, a]));
    const refs: RuntimeSessionRef[] = [];
    for (const s of live) {
      const agent = agents.get(s.agentId);
      if (agent) refs.push({ sessionId: s.sessionId, target: targetOf(agent) });
    }
    await this.stopper.stop(refs, reason);
  }
}
