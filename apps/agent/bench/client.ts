/** Bench support: a minimal WebSocket client that resolves on the next message matching a predicate. */
import WebSocket from "ws";

export type Json = Record<string, unknown>;

export class BenchClient {
  private waiters: Array<{ match: (m: Json) => boolean; resolve: (m: Json) => void }> = [];
  onMessage: ((m: Json, raw: string) => void) | null = null;
  /** The agent's `session` hello, which can arrive in the same read as the upgrade response. */
  readonly hello: Promise<Json>;

  private constructor(readonly ws: WebSocket) {
    this.hello = this.next((m) => m.type === "session");
    ws.on("message", (data) => {
      const raw = data.toString();
      const message = JSON.parse(raw) as Json;
      this.onMessage?.(message, raw);
      const index = this.waiters.findIndex((w) => w.match(message));
      if (index !== -1) {
        const [waiter] = this.waiters.splice(index, 1);
        waiter?.resolve(message);
      }
    });
  }

  static connect(url: string, headers: Record<string, string> = {}): Promise<BenchClient> {
    const ws = new WebSocket(url, { perMessageDeflate: false, headers });
    return new Promise((resolve, reject) => {
      ws.once("open", () => resolve(new BenchClient(ws)));
      ws.once("error", reject);
    });
  }

  next(match: (m: Json) => boolean): Promise<Json> {
    return new Promise((resolve) => this.waiters.push({ match, resolve }));
  }

  send(message: unknown): void {
    this.ws.send(typeof message === "string" ? message : JSON.stringify(message));
  }

  close(): void {
    this.ws.close();
  }
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

export const ms = (ns: bigint) => Number(ns) / 1e6;
