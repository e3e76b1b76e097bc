/**
 * One connection's outbound queue with backpressure. Frames go straight to the socket while fewer than
 * `softLimitBytes` are in flight and the connection is under `framesPerSecond`; beyond either they wait
 * here, and consecutive chunks of the same turn are merged into one frame (never above MAX_FRAME_BYTES) so a
 * slow reader costs little memory. The frame rate keeps every connection under AgentCore's 250 frames a
 * second even when a `resume` replays a voice answer's audio at once. If a reader still falls more than
 * `hardCapBytes` behind, the outbox gives up and the connection is closed.
 */
import { type ChunkMessage, MAX_FRAME_BYTES, utf8ByteLength } from "@interject/protocol";
import type { AgentSocket } from "./socket.ts";

type Entry =
  | { kind: "frame"; text: string; bytes: number }
  | { kind: "chunk"; message: ChunkMessage; text: string; bytes: number };

export interface OutboxOptions {
  softLimitBytes: number;
  hardCapBytes: number;
  /** Frames a second at most (a token bucket holding a fifth of a second's worth); unset: no limit. */
  framesPerSecond?: number;
  now?: () => number;
  /** Called once when the hard cap is exceeded. */
  onOverflow: () => void;
}

export class Outbox {
  private readonly queue: Entry[] = [];
  private queuedBytes = 0;
  private inflightBytes = 0;
  private closed = false;
  /** Frames merged away by coalescing, for tests and the bench. */
  coalesced = 0;
  private readonly now: () => number;
  private readonly burst: number;
  private tokens: number;
  private refilledAt: number;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly socket: AgentSocket,
    private readonly options: OutboxOptions,
  ) {
    this.now = options.now ?? Date.now;
    this.burst = Math.max(1, Math.floor((options.framesPerSecond ?? 0) / 5));
    this.tokens = this.burst;
    this.refilledAt = this.now();
  }

  get pendingBytes(): number {
    return this.queuedBytes + this.inflightBytes;
  }

  sendText(text: string): void {
    this.push({ kind: "frame", text, bytes: utf8ByteLength(text) });
  }

  sendChunk(message: ChunkMessage): void {
    const last = this.queue.at(-1);
    if (last?.kind === "chunk" && last.message.turnId === message.turnId) {
      const merged: ChunkMessage = { ...message, data: last.message.data + message.data };
      const text = JSON.stringify(merged);
      const bytes = utf8ByteLength(text);
      if (bytes <= MAX_FRAME_BYTES) {
        this.queuedBytes += bytes - last.bytes;
        last.message = merged;
        last.text = text;
        last.bytes = bytes;
        this.coalesced++;
        this.checkCap();
        return;
      }
    }
    const text = JSON.stringify(message);
    this.push({ kind: "chunk", message, text, bytes: utf8ByteLength(text) });
  }

  /** Stops sending; queued frames are dropped. */
  close(): void {
    this.closed = true;
    this.queue.length = 0;
    this.queuedBytes = 0;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /** Takes one frame's token when the rate allows; otherwise schedules a flush for when one is due. */
  private takeToken(): boolean {
    const rate = this.options.framesPerSecond;
    if (rate === undefined) return true;
    const now = this.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.refilledAt) * rate) / 1000);
    this.refilledAt = now;
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return true;
    }
    if (!this.timer) {
      const wait = Math.max(1, Math.ceil(((1 - this.tokens) * 1000) / rate));
      this.timer = setTimeout(() => {
        this.timer = null;
        this.flush();
      }, wait);
    }
    return false;
  }

  private push(entry: Entry): void {
    if (this.closed) return;
    if (this.queue.length === 0 && this.inflightBytes < this.options.softLimitBytes && this.takeToken()) {
      this.write(entry);
      return;
    }
    this.queue.push(entry);
    this.queuedBytes += entry.bytes;
    this.checkCap();
  }

  private checkCap(): void {
    if (!this.closed && this.pendingBytes > this.options.hardCapBytes) {
      this.close();
      this.options.onOverflow();
    }
  }

  private write(entry: Entry): void {
    this.inflightBytes += entry.bytes;
    this.socket.send(entry.text, () => {
      this.inflightBytes -= entry.bytes;
      this.flush();
    });
  }

  private flush(): void {
    while (
      !this.closed &&
      this.queue.length > 0 &&
      this.inflightBytes < this.options.softLimitBytes &&
      this.takeToken()
    ) {
      const entry = this.queue.shift();
      if (!entry) break;
      this.queuedBytes -= entry.bytes;
      this.write(entry);
    }
  }
}
