/**
 * AgentCore's session lifecycle: a session ends after AGENTCORE_IDLE_TIMEOUT_SECONDS without traffic
 * (frames, ping/pong included, and invocations) or at AGENTCORE_MAX_LIFETIME_SECONDS, whichever comes
 * first, or when StopRuntimeSession stops it. The agent's /ping is polled: "HealthyBusy" counts as activity,
 * so background work keeps its session alive. Ending a session ends everything attached to it (sockets with
 * the ending's close codes, invocations in flight) and releases its agent; a new connection with the same id
 * waits until that is done, then starts a new session.
 */
import {
  SESSION_STOPPED_CLIENT_CLOSE_CODE,
  SESSION_STOPPED_CLOSE_CODE,
  SESSION_STOPPED_CLOSE_REASON,
} from "@interject/agentcore-sigv4";
import { DataPlaneError } from "../errors.ts";
import type { Logger } from "../logger.ts";
import type { AgentPool } from "./agent-pool.ts";

export interface LifecycleSettings {
  idleTimeoutMs: number;
  maxLifetimeMs: number;
  pingIntervalMs: number;
}

export interface CloseFrame {
  code: number;
  reason: string;
}

/** How a session's sockets are closed when it ends: the browser side and the agent side may differ. */
export interface SessionEnding {
  client: CloseFrame;
  agent: CloseFrame;
}

/** Something attached to a session (a proxied WebSocket pair, an invocation in flight) that ends with it. */
export interface Attachment {
  /** True for a proxied WebSocket: the agent hears of the ending through its own socket. */
  readonly agentSocket: boolean;
  /** Ends it; resolves once it is closed (a socket pair: both close handshakes done, or given up on). */
  end(ending: SessionEnding): Promise<void>;
}

/** Opens a socket to the agent for this session and closes it with the ending's agent code (see stop). */
export type AgentNotifier = (target: string, ending: CloseFrame) => Promise<void>;

const goingAway = (why: string): SessionEnding => ({
  client: { code: 1001, reason: why },
  agent: { code: 1001, reason: why },
});

/** StopRuntimeSession's ending (the contract of issue 13: 1008 to browsers, 4000 to the agent). */
export const STOPPED: SessionEnding = {
  client: { code: SESSION_STOPPED_CLIENT_CLOSE_CODE, reason: SESSION_STOPPED_CLOSE_REASON },
  agent: { code: SESSION_STOPPED_CLOSE_CODE, reason: SESSION_STOPPED_CLOSE_REASON },
};

interface Session {
  id: string;
  createdAt: number;
  lastActivity: number;
  target: string | undefined;
  attachments: Set<Attachment>;
  /** In-flight invocations (and an isolated agent starting) keep the session busy. */
  busy: number;
}

export class SessionRegistry {
  private readonly sessions = new Map<string, Session>();
  /** Sessions being ended: a new connection with the same id waits for this before starting afresh. */
  private readonly ending = new Map<string, Promise<void>>();
  private readonly sweepTimer: NodeJS.Timeout;
  private readonly pingTimer: NodeJS.Timeout;

  constructor(
    private readonly settings: LifecycleSettings,
    private readonly pool: AgentPool,
    private readonly logger: Logger,
  ) {
    const sweepEvery = Math.max(50, Math.min(1000, Math.floor(settings.idleTimeoutMs / 4)));
    this.sweepTimer = setInterval(() => this.sweep(), sweepEvery);
    this.sweepTimer.unref();
    this.pingTimer = setInterval(() => void this.pollPing(), settings.pingIntervalMs);
    this.pingTimer.unref();
  }

  /** The agent base URL for a session, creating the session (and its agent when isolated) if new. */
  async open(sessionId: string): Promise<string> {
    await this.ending.get(sessionId);
    let s = this.sessions.get(sessionId);
    if (!s) {
      const now = Date.now();
      s = {
        id: sessionId,
        createdAt: now,
        lastActivity: now,
        target: undefined,
        attachments: new Set(),
        busy: 0,
      };
      this.sessions.set(sessionId, s);
      this.logger.info({ sessionId }, "session started");
    }
    // Starting an isolated agent can take longer than the idle timeout: the session is busy meanwhile.
    s.busy += 1;
    let target: string;
    try {
      target = await this.pool.acquire(sessionId);
    } finally {
      s.busy -= 1;
      s.lastActivity = Date.now();
    }
    if (this.sessions.get(sessionId) !== s) {
      // Stopped (or past its lifetime) while its agent started: unless a new session with this id took the
      // agent over meanwhile, it belongs to no session.
      if (!this.sessions.has(sessionId)) await this.pool.release(sessionId);
      throw new DataPlaneError(
        404,
        "ResourceNotFoundException",
        "The runtime session ended while it started",
        "session-ended",
      );
    }
    s.target = target;
    return target;
  }

  touch(sessionId: string): void {
    const s = this.sessions.get(sessionId);
    if (s) s.lastActivity = Date.now();
  }

  /** Attaches something that ends with the session; returns the function that detaches it. */
  attach(sessionId: string, attachment: Attachment): () => void {
    const s = this.sessions.get(sessionId);
    if (!s) {
      void attachment.end(goingAway("session ended"));
      return () => {};
    }
    s.attachments.add(attachment);
    return () => {
      s.attachments.delete(attachment);
      s.lastActivity = Date.now();
    };
  }

  busy(sessionId: string, delta: 1 | -1): void {
    const s = this.sessions.get(sessionId);
    if (!s) return;
    s.busy += delta;
    s.lastActivity = Date.now();
  }

  has(sessionId: string): boolean {
    return this.sessions.has(sessionId);
  }

  /**
   * StopRuntimeSession: ends the session at once. Its browser-side sockets close with 1008 and its agent-side
   * sockets with 4000 (SESSION_STOPPED_CLOSE_CODE); when no agent-side socket is attached, `notify` opens one
   * and closes it the same way, so the agent ends the session's running turn either way. Invocations in
   * flight are cut. Resolves true once that is done (the agent's release continues), false for a session
   * that does not exist (never started, or already ended).
   */
  async stop(sessionId: string, notify: AgentNotifier): Promise<boolean> {
    const s = this.sessions.get(sessionId);
    if (!s) return false;
    const ended = this.end(s, "stopped", async (session) => {
      const hadAgentSocket = [...session.attachments].some((a) => a.agentSocket);
      await this.endAttachments(session, STOPPED);
      if (hadAgentSocket || session.target === undefined) return;
      await notify(session.target, STOPPED.agent).catch((err: unknown) =>
        this.logger.warn(
          { sessionId, err: (err as Error).message },
          "could not tell the agent that its session stopped",
        ),
      );
    });
    await ended?.closed;
    return true;
  }

  private sweep(): void {
    const now = Date.now();
    for (const s of this.sessions.values()) {
      if (now - s.createdAt >= this.settings.maxLifetimeMs)
        this.endWith(s, goingAway("max lifetime reached"));
      else if (s.busy === 0 && now - s.lastActivity >= this.settings.idleTimeoutMs)
        this.endWith(s, goingAway("idle timeout"));
    }
  }

  private async pollPing(): Promise<void> {
    const byTarget = new Map<string, Session[]>();
    for (const s of this.sessions.values()) {
      if (!s.target) continue;
      const list = byTarget.get(s.target) ?? [];
      list.push(s);
      byTarget.set(s.target, list);
    }
    await Promise.all(
      [...byTarget].map(async ([target, sessions]) => {
        try {
          const res = await fetch(`${target}/ping`, { signal: AbortSignal.timeout(2000) });
          const body = (await res.json()) as { status?: unknown };
          if (body.status === "HealthyBusy") {
            const now = Date.now();
            for (const s of sessions) s.lastActivity = now;
          }
        } catch (err) {
          this.logger.warn({ target, err: (err as Error).message }, "agent /ping failed");
        }
      }),
    );
  }

  private async endAttachments(s: Session, ending: SessionEnding): Promise<void> {
    const all = [...s.attachments];
    s.attachments.clear();
    await Promise.all(all.map((a) => a.end(ending)));
  }

  /**
   * Removes the session at once (so `has` is false and a new connection waits for `done`), runs `closeAll`
   * (by default: end everything attached with `ending`), then releases the session's agent. Undefined when
   * the session has already ended.
   */
  private end(
    s: Session,
    why: string,
    closeAll: (s: Session) => Promise<void>,
  ): { closed: Promise<void>; done: Promise<void> } | undefined {
    if (this.sessions.get(s.id) !== s) return undefined;
    this.sessions.delete(s.id);
    this.logger.info({ sessionId: s.id, why }, "session ended");
    const failed = (step: string) => (err: unknown) =>
      this.logger.error({ sessionId: s.id, err: (err as Error).message }, `${step} failed`);
    const closed = closeAll(s).catch(failed("closing the session's connections"));
    const done = closed
      .then(() => this.pool.release(s.id))
      .catch(failed("releasing the session's agent"))
      .finally(() => {
        if (this.ending.get(s.id) === done) this.ending.delete(s.id);
      });
    this.ending.set(s.id, done);
    return { closed, done };
  }

  private endWith(s: Session, ending: SessionEnding): void {
    this.end(s, ending.client.reason, (session) => this.endAttachments(session, ending));
  }

  async close(): Promise<void> {
    clearInterval(this.sweepTimer);
    clearInterval(this.pingTimer);
    for (const s of [...this.sessions.values()]) this.endWith(s, goingAway("server shutting down"));
    await Promise.all([...this.ending.values()]);
    await this.pool.close();
  }
}
