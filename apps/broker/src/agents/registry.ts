/**
 * Who may talk to which agent: the rules of the registry over the in-memory directory. An agent is usable by a
 * user when it is enabled and either open to everyone or the user is an admin. A user's default agent is the
 * registry's default when they may use it, else the first agent they may use (by display name). With
 * INTERJECT_PIN_AGENT the deployment serves only the built-in agent (the settings' AGENTCORE_RUNTIME_ARN): the
 * others stay in the table, unused, and the registry cannot be changed.
 */
import type { TraceLevel } from "@interject/protocol";
import type { Db } from "../db/open.ts";
import { ApiError } from "../errors.ts";
import type { Role } from "../users/store.ts";
import { type AgentDirectory, type AgentRow, agentDirectoryFor } from "./directory.ts";

/** What users see of an agent (GET /api/agents, and each conversation's `agent`). */
export interface AgentSummary {
  id: string;
  name: string;
  displayName: string;
  protocolLevel: AgentRow["protocolLevel"];
}

export const toAgentSummary = (a: AgentRow): AgentSummary => ({
  id: a.id,
  name: a.name,
  displayName: a.displayName,
  protocolLevel: a.protocolLevel,
});

/** The refusal for an agent the caller may not talk to (now), in words the chat can show as they are. */
export class AgentUnavailableError extends ApiError {
  constructor(message: string) {
    super(403, "agent_unavailable", message);
  }
}

export class AgentRegistry {
  private readonly directory: AgentDirectory;

  constructor(
    db: Db,
    /** INTERJECT_PIN_AGENT: only the built-in agent is served, and the registry is read-only. */
    readonly pinned: boolean,
  ) {
    this.directory = agentDirectoryFor(db);
  }

  /** Every agent this deployment serves (pinned: the built-in one), enabled or not. */
  async served(): Promise<readonly AgentRow[]> {
    const all = await this.directory.all();
    return this.pinned ? all.filter((a) => a.builtIn) : all;
  }

  /** Any agent of the table, served or not (a conversation shows its agent whatever became of it). */
  async byId(id: string): Promise<AgentRow | undefined> {
    return (await this.byIds([id])).get(id);
  }

  /**
   * The agents with these ids, by id. One registered a moment ago on another broker may not be in this one's
   * copy yet (its notification is on the way): then the table is read again, once.
   */
  async byIds(ids: Iterable<string>): Promise<ReadonlyMap<string, AgentRow>> {
    const wanted = [...new Set(ids)];
    let map = new Map((await this.directory.all()).map((a) => [a.id, a]));
    if (wanted.some((id) => !map.has(id))) {
      this.directory.invalidate();
      map = new Map((await this.directory.all()).map((a) => [a.id, a]));
    }
    return map;
  }

  /** Why `role` may not talk to `agent` now, or undefined when it may. */
  refusal(agent: AgentRow, role: Role): string | undefined {
    if (this.pinned && !agent.builtIn) return `${agent.displayName} is no longer served by this deployment.`;
    if (!agent.enabled) return `${agent.displayName} has been disabled by an administrator.`;
    if (agent.access === "admins" && role !== "admin")
      return `${agent.displayName} is available to administrators only.`;
    return undefined;
  }

  /** The agents `role` may start conversations with, by display name. */
  async usableBy(role: Role): Promise<AgentRow[]> {
    return (await this.served()).filter((a) => this.refusal(a, role) === undefined);
  }

  /** The agent preselected for `role`: the registry's default if usable, else the first usable one. */
  async defaultFor(role: Role): Promise<AgentRow | undefined> {
    const usable = await this.usableBy(role);
    return usable.find((a) => a.isDefault) ?? usable[0];
  }

  /** The agent with this id if `role` may talk to it; AgentUnavailableError (or 400 for no such id) otherwise. */
  async requireUsable(id: string, role: Role): Promise<AgentRow> {
    const agent = await this.byId(id);
    if (!agent)
      throw new ApiError(400, "bad_request", "no such agent", undefined, { agentId: "no agent has this id" });
    const why = this.refusal(agent, role);
    if (why) throw new AgentUnavailableError(why);
    return agent;
  }

  /** The trace level a connection of `role` is signed for with this agent: admins always get everything. */
  traceLevelFor(agent: AgentRow, role: Role): TraceLevel {
    return role === "admin" ? "full" : agent.defaultTraceLevel;
  }
}
