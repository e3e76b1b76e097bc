/**
 * What happens before every connection attempt, for every kind of connection (`ChatSession`,
 * `BasicChatSession`, `AgentChat`'s level probe): wait the back-off (the very first connection, and one the
 * client closed on purpose, do not wait), then mint a fresh URL, never reusing one, and show each step and
 * each failure in the connection state. A broker that says the sign-in ended or the conversation is gone
 * (`ConnectionUrlError.terminal`) ends the connection for good: no retry would succeed.
 */
import type { ConnectionGrant } from "./chat-connection.ts";
import type { ConnectionEvent, ConnectionState } from "./connection-state.ts";
import { asConnectionUrlError, problemOfUrlError } from "./errors.ts";
import { type ReconnectPolicy, reconnectDelay } from "./reconnect-policy.ts";

/** How long one socket may take to open before the attempt counts as failed, unless an option says otherwise. */
export const DEFAULT_CONNECTION_TIMEOUT_MS = 10_000;

export interface AttemptHost {
  getConnectionUrl(): Promise<ConnectionGrant>;
  connection(): ConnectionState;
  setConnection(event: ConnectionEvent): void;
  /** Whether the connection was closed for good meanwhile (then no URL is minted). */
  stopped(): boolean;
  /**
   * The broker refused for good. `before` runs before the state says failed (so whoever sees the failure sees
   * the running turns ended too), `after` closes the socket.
   */
  onTerminal: { before(): void; after(reason: string): void };
}

export class ConnectionAttempts {
  /** Set once a connection got under way: every later attempt waits its back-off. */
  everConnected = false;
  /** The next attempt goes at once (the client closed the last connection itself). */
  immediate = false;
  private wakeUp: (() => void) | null = null;

  constructor(
    private readonly host: AttemptHost,
    private readonly policy: ReconnectPolicy,
    private readonly random?: () => number,
  ) {}

  /** Waits as the policy says, then mints. Throws (after showing why) when the mint fails. */
  async next(): Promise<ConnectionGrant> {
    const { attempt } = this.host.connection();
    if (!this.immediate && (this.everConnected || attempt > 0)) {
      const wait = reconnectDelay(Math.max(1, attempt), this.policy, this.random);
      this.host.setConnection({ type: "wait", retryAt: Date.now() + wait });
      await this.sleep(wait);
    }
    this.immediate = false;
    if (this.host.stopped()) throw new Error("stopped");
    this.host.setConnection({ type: "fetch_url" });
    try {
      const grant = await this.host.getConnectionUrl();
      this.host.setConnection({ type: "url_ready" });
      return grant;
    } catch (cause) {
      const error = asConnectionUrlError(cause);
      if (error.terminal) this.host.onTerminal.before();
      this.host.setConnection({
        type: "problem",
        problem: problemOfUrlError(error),
        terminal: error.terminal,
      });
      if (error.terminal) this.host.onTerminal.after(error.kind);
      throw error;
    }
  }

  /** Skips the current back-off wait. */
  wake(): void {
    this.wakeUp?.();
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      const self = this;
      function done() {
        clearTimeout(timer);
        if (self.wakeUp === done) self.wakeUp = null;
        resolve();
      }
      this.wakeUp = done;
    });
  }
}

/** A URL provider that hands out `first` once (a grant minted already), then mints. */
export function startingWith(
  first: ConnectionGrant,
  mint: () => Promise<ConnectionGrant>,
): () => Promise<ConnectionGrant> {
  let pending: ConnectionGrant | null = first;
  return () => {
    const grant = pending;
    pending = null;
    return grant ? Promise.resolve(grant) : mint();
  };
}
