/**
 * The session's bounded event log in memory: the most recent stream messages, in seq order, for `resume`.
 * Old events fall off the front; the broker keeps the full history.
 */
import type { StreamMessage } from "@interject/protocol";

export type ReplayResult = { ok: true; events: StreamMessage[] } | { ok: false; reason: "too_old" | "ahead" };

export class ReplayBuffer {
  private events: StreamMessage[] = [];
  private head = 0;

  /** @param lastSeq the seq before the first event this buffer will hold (non-zero after a restore). */
  constructor(
    private readonly capacity: number,
    private lastSeq = 0,
  ) {}

  get latestSeq(): number {
    return this.lastSeq;
  }

  get size(): number {
    return this.events.length - this.head;
  }

  push(message: StreamMessage): void {
    this.events.push(message);
    this.lastSeq = message.seq;
    if (this.size > this.capacity) {
      this.head++;
      // Compact now and then so the array does not keep evicted events alive.
      if (this.head > this.capacity) {
        this.events = this.events.slice(this.head);
        this.head = 0;
      }
    }
  }

  /** Jumps the numbering forward to `seq`, forgetting the buffered events (they can no longer be replayed). */
  advanceTo(seq: number): void {
    if (seq <= this.lastSeq) return;
    this.events = [];
    this.head = 0;
    this.lastSeq = seq;
  }

  /** Every event after `afterSeq`, or why that is impossible. */
  after(afterSeq: number): ReplayResult {
    if (afterSeq > this.lastSeq) return { ok: false, reason: "ahead" };
    if (afterSeq === this.lastSeq) return { ok: true, events: [] };
    const first = this.events[this.head];
    if (!first || first.seq > afterSeq + 1) return { ok: false, reason: "too_old" };
    // Seqs are consecutive in the buffer, so the start is found by arithmetic.
    const start = this.head + (afterSeq + 1 - first.seq);
    return { ok: true, events: this.events.slice(start) };
  }
}
