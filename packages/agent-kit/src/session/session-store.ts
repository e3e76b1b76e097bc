/**
 * Every live session by id. A session unknown here is created on first use; when the broker is configured
 * it is first rebuilt from the broker's history (so a restarted agent keeps context and numbering). Sessions
 * without activity for the idle timeout, and with no answer running, are dropped. A session whose runtime
 * session was stopped (`revoke`) is dropped at once, as AgentCore drops its microVM: a later connection with
 * the same id rebuilds it from the broker, once the revoked session's last events have reached the broker.
 */
import { SESSION_STOPPED_CLOSE_REASON } from "@interject/agentcore-sigv4/constants";
import type { SessionHistory } from "@interject/protocol";
import type { Logger } from "../logger.ts";
import { Session, type SessionDeps } from "./session.ts";
import { CloseCode } from "./socket.ts";

/** How long a revoked session's id waits for its events to reach the broker before it may be rebuilt. */
const SETTLE_TIMEOUT_MS = 5000;

export interface SessionStoreOptions {
  deps: SessionDeps;
  idleMs: number;
  logger: Logger;
  /** Loads a session's history from the broker; null when the broker does not know it. */
  loadHistory?: (sessionId: string) => Promise<SessionHistory | null>;
  /** Resolves once every event of the session was reported to the broker (the reporter's `settled`). */
  settleReports?: (sessionId: string) => Promise<void>;
  now?: () => number;
}

export class SessionStore {
  private readonly sessions = new Map<string, Session>();
  private readonly loading = new Map<string, Promise<Session>>();
  /** Revoked sessions whose events are still on their way to the broker. */
  private readonly settling = new Map<string, Promise<void>>();
  private sweeper: NodeJS.Timeout | null = null;
  private readonly now: () => number;

  constructor(private readonly options: SessionStoreOptions) {
    this.now = options.now ?? Date.now;
  }

  get size(): number {
    return this.sessions.size;
  }

  get(id: string): Session | undefined {
    return this.sessions.get(id);
  }

  /** The session with this id, restored from the broker or created if needed. */
  async open(id: string): Promise<Session> {
    const existing = this.sessions.get(id);
    if (existing) return existing;
    const pending = this.loading.get(id);
    if (pending) return pending;
    const promise = this.create(id).finally(() => this.loading.delete(id));
    this.loading.set(id, promise);
    return promise;
  }

  private async create(id: string): Promise<Session> {
    // Restoring before the broker has a revoked session's last events would number new ones over them.
    await this.settling.get(id);
    let restored: { lastSeq: number; turns: SessionHistory["turns"] } | undefined;
    if (this.options.loadHistory) {
      try {
        const history = await this.options.loadHistory(id);
        if (history) restored = { lastSeq: history.lastSeq, turns: history.turns };
      } catch (error) {
        // Without history the session still works; numbering restarting at 1 would collide with the
        // broker's stored seqs, so refuse rather than corrupt the log.
        this.options.logger.error({ err: (error as Error).message }, "session history unavailable");
        throw error;
      }
    }
    const again = this.sessions.get(id);
    if (again) return again;
    const session = new Session(id, this.options.deps, restored);
    this.sessions.set(id, session);
    session.endStaleTurns();
    this.options.logger.info(
      { sessionId: id, restored: restored !== undefined, lastSeq: session.lastSeq },
      "session opened",
    );
    return session;
  }

  /**
   * The runtime session was stopped (the runtime closed one of its sockets with SESSION_STOPPED_CLOSE_CODE):
   * its running answer ends as interrupted (`revoked`), reported like any event, its other connections are
   * closed, and it is dropped. Waits for a session still being opened. With `only`, revokes that session
   * alone: nothing happens when the id has since been rebuilt as a new session (or already revoked).
   */
  async revoke(id: string, only?: Session): Promise<void> {
    const pending = this.loading.get(id);
    if (pending) await pending.catch(() => undefined);
    const session = this.sessions.get(id);
    if (!session || (only && session !== only)) return;
    this.sessions.delete(id);
    const interrupted = session.activeTurnId;
    session.revoke(CloseCode.sessionStopped, SESSION_STOPPED_CLOSE_REASON);
    this.options.logger.info({ sessionId: id, interruptedTurn: interrupted }, "runtime session stopped");
    const settle = this.options.settleReports;
    if (!settle) return;
    const settled = Promise.race([
      settle(id),
      new Promise<void>((resolve) => setTimeout(resolve, SETTLE_TIMEOUT_MS).unref()),
    ]).finally(() => {
      if (this.settling.get(id) === settled) this.settling.delete(id);
    });
    this.settling.set(id, settled);
  }

  /** Drops sessions idle for longer than the timeout; returns how many. */
  sweep(): number {
    const cutoff = this.now() - this.options.idleMs;
    let dropped = 0;
    for (const [id, session] of this.sessions) {
      if (session.isIdle && session.lastActivity <= cutoff) {
        this.sessions.delete(id);
        session.end(CloseCode.sessionExpired, "session expired after inactivity");
        dropped++;
        this.options.logger.info({ sessionId: id }, "idle session dropped");
      }
    }
    return dropped;
  }

  startSweeping(): void {
    const every = Math.max(250, Math.min(30_000, Math.floor(this.options.idleMs / 4)));
    this.sweeper = setInterval(() => this.sweep(), every);
    this.sweeper.unref();
  }

  /** Ends every session (shutdown). */
  close(code: number = CloseCode.goingAway, reason = "agent shutting down"): void {
    if (this.sweeper) clearInterval(this.sweeper);
    for (const session of this.sessions.values()) session.end(code, reason);
    this.sessions.clear();
  }
}
