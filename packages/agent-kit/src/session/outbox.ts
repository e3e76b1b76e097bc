/**
 * One connection's outbound queue with backpressure. Frames go straight to the socket while fewer than
 * `softLimitBytes` are in flight; beyond that they wait here, and consecutive chunks of the same turn are
 * merged into one frame (never above MAX_FRAME_BYTES) so a slow reader costs little memory. If a reader
 * still falls more than `hardCapBytes` behind, the outbox gives up and the connection is closed.
 */
import { type ChunkMessage, MAX_FRAME_BYTES, utf8ByteLength } from "@interject/protocol";
import type { AgentSocket } from "./socket.ts";

type Entry =
  | { kind: "frame"; text: string; bytes: number }
  | { kind: "chunk"; message: ChunkMessage; text: string; bytes: number };

export interface OutboxOptions {
  softLimitBytes: number;
  hardCapBytes: number;
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

  constructor(
    private readonly socket: AgentSocket,
    private readonly options: OutboxOptions,
  ) {}

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
  }

  private push(entry: Entry): void {
    if (this.closed) return;
    if (this.queue.length === 0 && this.inflightBytes < this.options.softLimitBytes) {
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
    while (!this.closed && this.queue.length > 0 && this.inflightBytes < this.options.softLimitBytes) {
      const entry = this.queue.shift();
      if (!entry) break;
      this.queuedBytes -= entry.bytes;
      this.write(entry);
    }
  }
}
