/**
 * App-level heartbeat. A TCP connection can die without a close frame (a laptop lid, a NAT timeout), and
 * the browser's WebSocket then waits for minutes. After `intervalMs` without any inbound message the client
 * sends a `ping`; if nothing at all arrives within `timeoutMs` after it, the connection is declared dead.
 * Any inbound message counts as a sign of life, so a busy stream sends no pings.
 */
export interface HeartbeatOptions {
  intervalMs: number;
  timeoutMs: number;
}

export const DEFAULT_HEARTBEAT: HeartbeatOptions = { intervalMs: 20_000, timeoutMs: 10_000 };

export class Heartbeat {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private lastActivity = 0;
  private pingSentAt: number | null = null;
  private nonce = 0;

  constructor(
    private readonly options: HeartbeatOptions,
    private readonly sendPing: (nonce: string) => void,
    private readonly onDead: () => void,
    private readonly now: () => number = Date.now,
  ) {}

  start(): void {
    this.lastActivity = this.now();
    this.pingSentAt = null;
    this.schedule(this.options.intervalMs);
  }

  /** Call on every inbound message. Cheap: it only records the time. */
  noteActivity(): void {
    this.lastActivity = this.now();
    this.pingSentAt = null;
  }

  stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.pingSentAt = null;
  }

  private schedule(ms: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.tick(), Math.max(0, ms));
  }

  private tick(): void {
    const now = this.now();
    if (this.pingSentAt !== null) {
      const waited = now - this.pingSentAt;
      if (waited >= this.options.timeoutMs) {
        this.stop();
        this.onDead();
        return;
      }
      this.schedule(this.options.timeoutMs - waited);
      return;
    }
    const idle = now - this.lastActivity;
    if (idle >= this.options.intervalMs) {
      this.nonce += 1;
      this.pingSentAt = now;
      this.sendPing(String(this.nonce));
      this.schedule(this.options.timeoutMs);
      return;
    }
    this.schedule(this.options.intervalMs - idle);
  }
}
