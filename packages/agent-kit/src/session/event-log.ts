/**
 * A session's event log: numbers each stream message (seq 1, 2, 3, ...), fits it within one frame, keeps it
 * for replay, reports it to the broker and hands it to every subscriber (the session's connections and
 * listeners). Numbering can jump forward (never back) when a client has seen more than this process.
 */
import type { StreamMessage } from "@interject/protocol";
import { fitFrame } from "./fit-frame.ts";
import { ReplayBuffer, type ReplayResult } from "./replay-buffer.ts";
import type { UnsequencedStreamMessage } from "./turn-io.ts";

/** The furthest `advanceTo` moves numbering in one step. */
const MAX_SEQ_JUMP = 1_000_000;

export class EventLog {
  private readonly buffer: ReplayBuffer;
  private readonly subscribers = new Set<(message: StreamMessage) => void>();

  constructor(
    private readonly sessionId: string,
    replayBufferEvents: number,
    lastSeq: number,
    private readonly report?: (sessionId: string, message: StreamMessage) => void,
  ) {
    this.buffer = new ReplayBuffer(replayBufferEvents, lastSeq);
  }

  get lastSeq(): number {
    return this.buffer.latestSeq;
  }

  /** Calls `subscriber` with every message from now on; returns the function that stops it. */
  subscribe(subscriber: (message: StreamMessage) => void): () => void {
    this.subscribers.add(subscriber);
    return () => this.subscribers.delete(subscriber);
  }

  append(message: UnsequencedStreamMessage): StreamMessage {
    const numbered = { ...message, seq: this.lastSeq + 1 } as StreamMessage;
    // Chunks were split to fit already (see text-pacer.ts); measuring each again would cost every word.
    const sequenced = numbered.type === "chunk" ? numbered : fitFrame(numbered);
    this.buffer.push(sequenced);
    this.report?.(this.sessionId, sequenced);
    for (const subscriber of this.subscribers) subscriber(sequenced);
    return sequenced;
  }

  replay(afterSeq: number): ReplayResult {
    return this.buffer.after(afterSeq);
  }

  /**
   * Continues numbering after `seq` (a client applied seqs this process never numbered). Bounded, so a
   * confused client cannot push numbering towards the largest safe integer. Whether it moved.
   */
  advanceTo(seq: number): boolean {
    if (seq <= this.lastSeq || seq - this.lastSeq > MAX_SEQ_JUMP) return false;
    this.buffer.advanceTo(seq);
    return true;
  }
}
