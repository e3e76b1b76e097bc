/**
 * Every live session by id. A session unknown here is created on first use; when the broker is configured
 * it is first rebuilt from the broker's history (so a restarted agent keeps context and numbering). Sessions
 * without activity for the idle timeout, and with no answer running, are dropped.
 */
import type { SessionHistory } from "@interject/protocol";
import type { Logger } from "../logger.ts";
import { Session, type SessionDeps } from "./session.ts";
import { CloseCode } from "./socket.ts";

export interface SessionStoreOptions {
  deps: SessionDeps;
  idleMs: number;
  logger: Logger;
  /** Loads a session's history from the broker; null when the broker does not know it. */
  loadHistory?: (sessionId: string) => Promise<SessionHistory | null>;
  now?: () => number;
}

export class SessionStore {
  private readonly sessions = new Map<string, Session>();
  private readonly loading = new Map<string, Promise<Session>>();
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
