/**
 * AgentCore's session lifecycle: a session ends after AGENTCORE_IDLE_TIMEOUT_SECONDS without traffic
 * (frames, invocations) or at AGENTCORE_MAX_LIFETIME_SECONDS, whichever comes first. The agent's /ping is
 * polled: "HealthyBusy" counts as activity, so background work keeps its session alive. Ending a session
 * closes its sockets (1001, going away) and releases its agent.
 */
import type { Logger } from "../logger.ts";
import type { AgentPool } from "./agent-pool.ts";

export interface LifecycleSettings {
  idleTimeoutMs: number;
  maxLifetimeMs: number;
  pingIntervalMs: number;
}

interface Session {
  id: string;
  createdAt: number;
  lastActivity: number;
  target: string | undefined;
  closers: Set<(code: number, reason: string) => void>;
  /** In-flight invocations keep the session busy. */
  busy: number;
}

export class SessionRegistry {
  private readonly sessions = new Map<string, Session>();
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
    let s = this.sessions.get(sessionId);
    if (!s) {
      const now = Date.now();
      s = {
        id: sessionId,
        createdAt: now,
        lastActivity: now,
        target: undefined,
        closers: new Set(),
        busy: 0,
      };
      this.sessions.set(sessionId, s);
      this.logger.info({ sessionId }, "session started");
    }
    // Starting an isolated agent can take longer than the idle timeout: the session is busy meanwhile.
    s.busy += 1;
    try {
      const target = await this.pool.acquire(sessionId);
      s.target = target;
      return target;
    } finally {
      s.busy -= 1;
      s.lastActivity = Date.now();
    }
  }

  touch(sessionId: string): void {
    const s = this.sessions.get(sessionId);
    if (s) s.lastActivity = Date.now();
  }

  /** Registers a connection to close when the session ends; returns the function that unregisters it. */
  attach(sessionId: string, close: (code: number, reason: string) => void): () => void {
    const s = this.sessions.get(sessionId);
    if (!s) {
      close(1001, "session ended");
      return () => {};
    }
    s.closers.add(close);
    return () => {
      s.closers.delete(close);
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

  private sweep(): void {
    const now = Date.now();
    for (const s of this.sessions.values()) {
      if (now - s.createdAt >= this.settings.maxLifetimeMs) void this.end(s, "max lifetime reached");
      else if (s.busy === 0 && now - s.lastActivity >= this.settings.idleTimeoutMs)
        void this.end(s, "idle timeout");
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

  private async end(s: Session, why: string): Promise<void> {
    if (this.sessions.get(s.id) !== s) return;
    this.sessions.delete(s.id);
    this.logger.info({ sessionId: s.id, why }, "session ended");
    for (const close of s.closers) close(1001, why);
    await this.pool.release(s.id);
  }

  async close(): Promise<void> {
    clearInterval(this.sweepTimer);
    clearInterval(this.pingTimer);
    for (const s of [...this.sessions.values()]) await this.end(s, "server shutting down");
    await this.pool.close();
  }
}
