/**
 * Reports every stream message to the broker (`POST /internal/v1/events`): queued in memory, sent in
 * batches, retried with exponential back-off and full jitter, bounded (the oldest events are dropped and
 * counted when the broker is away too long), and never in the way of the stream: `report` only enqueues.
 * The broker is idempotent by (sessionId, seq), so a retried batch never duplicates anything.
 *
 * Consecutive chunks of one turn that wait in the queue are coalesced into one event (their joined text,
 * numbered with the last seq): a thousand streaming sessions cost the broker one row per session and flush,
 * not one per token. An event already in flight is never changed, so a retry sends exactly what it sent.
 *
 * Sending goes in rounds, one every `flushMs`: a round sends what was queued when it began, in as many
 * batches as that takes, back to back. What arrives meanwhile waits for the next round, so it can still
 * coalesce; sending a batch as soon as one was full would, with many sessions streaming, keep a request in
 * flight all the time and cost the broker a row per session every few milliseconds instead of every flush.
 */
import {
  type IngestBatch,
  type IngestEvent,
  IngestResult,
  jsonByteLength,
  MAX_INGEST_BATCH_BYTES,
  PROTOCOL_VERSION,
  type StreamMessage,
} from "@interject/protocol";
import type { Logger } from "../logger.ts";

export interface IngestReporterOptions {
  /** The broker's base URL, e.g. http://127.0.0.1:3000. */
  baseUrl: string;
  token: string;
  batchEvents: number;
  flushMs: number;
  queueMax: number;
  logger: Logger;
  retryBaseMs?: number;
  retryMaxMs?: number;
  random?: () => number;
}

/** A coalesced chunk stops growing at this many UTF-16 units (well inside a batch's byte limit). */
export const COALESCE_MAX_CHARS = 4096;

export class IngestReporter {
  private queue: IngestEvent[] = [];
  /** Each session's last queued chunk, while it is not in flight: the next chunk may join it. */
  private openChunk = new Map<string, IngestEvent>();
  /** How many events at the head of the queue are in the request being sent. */
  private inFlight = 0;
  /** Events of the current round not sent yet (0: no round is under way). */
  private roundLeft = 0;
  private sending = false;
  private timer: NodeJS.Timeout | null = null;
  private failures = 0;
  private stopped = false;
  private idleWaiters: Array<() => void> = [];
  /** Callers waiting until no event of one session is queued any more (see `settled`). */
  private sessionWaiters: Array<{ sessionId: string; resolve: () => void }> = [];
  /** Events dropped because the queue was full; logged, and exposed for tests. */
  dropped = 0;
  accepted = 0;
  duplicates = 0;

  constructor(private readonly options: IngestReporterOptions) {}

  get pending(): number {
    return this.queue.length;
  }

  /** True while events wait or a request is in flight (the /ping busy status counts it). */
  get busy(): boolean {
    return this.sending || this.queue.length > 0;
  }

  report(sessionId: string, message: StreamMessage): void {
    if (this.stopped) return;
    if (message.type === "chunk") {
      const open = this.openChunk.get(sessionId);
      const last = open?.message;
      if (
        open &&
        last?.type === "chunk" &&
        last.turnId === message.turnId &&
        last.seq + 1 === message.seq &&
        last.data.length + message.data.length <= COALESCE_MAX_CHARS
      ) {
        open.message = { ...last, seq: message.seq, data: last.data + message.data };
        this.schedule(this.options.flushMs);
        return;
      }
      const event: IngestEvent = { sessionId, message };
      this.openChunk.set(sessionId, event);
      this.queue.push(event);
    } else {
      this.openChunk.delete(sessionId);
      this.queue.push({ sessionId, message });
    }
    if (this.queue.length > this.options.queueMax) {
      const excess = this.queue.length - this.options.queueMax;
      // The oldest events not in flight: the request being sent settles its own head of the queue.
      for (const dropped of this.queue.splice(this.inFlight, excess)) {
        if (this.openChunk.get(dropped.sessionId) === dropped) this.openChunk.delete(dropped.sessionId);
      }
      // One warning per thousand drops at most: under overload a line per event would flood the log.
      if (
        Math.floor(this.dropped / 1000) !== Math.floor((this.dropped + excess) / 1000) ||
        this.dropped === 0
      ) {
        this.options.logger.warn(
          { dropped: this.dropped + excess },
          "ingest queue full: oldest events dropped",
        );
      }
      this.dropped += excess;
      this.settleSessions();
    }
    this.schedule(this.options.flushMs);
  }

  /** Resolves once everything queued has been sent (or given up on). */
  idle(): Promise<void> {
    if (!this.busy) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /**
   * Resolves once no event of this session waits to be sent (all sent, or given up on), starting a round at
   * once: a session dropped from memory is restored from the broker only after its last events reached it.
   */
  settled(sessionId: string): Promise<void> {
    if (this.stopped || !this.queue.some((e) => e.sessionId === sessionId)) return Promise.resolve();
    const done = new Promise<void>((resolve) => this.sessionWaiters.push({ sessionId, resolve }));
    this.schedule(0);
    return done;
  }

  /** Sends what is queued, then stops; used on shutdown (bounded by `timeoutMs`). */
  async stop(timeoutMs = 3000): Promise<void> {
    this.schedule(0);
    await Promise.race([this.idle(), new Promise((r) => setTimeout(r, timeoutMs).unref())]);
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    for (const waiter of this.sessionWaiters.splice(0)) waiter.resolve();
  }

  /** Lets go of `settled` callers whose session has nothing queued any more. */
  private settleSessions(): void {
    if (this.sessionWaiters.length === 0) return;
    const waiting = new Set(this.queue.map((e) => e.sessionId));
    this.sessionWaiters = this.sessionWaiters.filter((waiter) => {
      if (waiting.has(waiter.sessionId)) return true;
      waiter.resolve();
      return false;
    });
  }

  private schedule(delayMs: number): void {
    if (this.sending || this.stopped) return;
    if (this.timer) {
      if (delayMs > 0) return;
      clearTimeout(this.timer);
    }
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.send();
    }, delayMs);
    this.timer.unref();
  }

  private takeBatch(): IngestEvent[] {
    const batch: IngestEvent[] = [];
    // Leave room for the envelope; each event is measured as it will be serialized.
    let bytes = 64;
    for (const event of this.queue) {
      const size = jsonByteLength(event) + 1;
      if (
        batch.length >= this.options.batchEvents ||
        (batch.length > 0 && bytes + size > MAX_INGEST_BATCH_BYTES)
      )
        break;
      batch.push(event);
      bytes += size;
    }
    // In flight from here on: nothing may join these any more.
    for (const event of batch) {
      if (this.openChunk.get(event.sessionId) === event) this.openChunk.delete(event.sessionId);
    }
    return batch;
  }

  private async send(): Promise<void> {
    if (this.roundLeft === 0) this.roundLeft = this.queue.length;
    const events = this.takeBatch();
    if (events.length === 0) return this.settleIdle();
    this.sending = true;
    this.inFlight = events.length;
    let retryable = false;
    try {
      const body: IngestBatch = { protocolVersion: PROTOCOL_VERSION, events };
      const response = await fetch(new URL("/internal/v1/events", this.options.baseUrl), {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${this.options.token}` },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(10_000),
      });
      if (response.ok) {
        const parsed = IngestResult.safeParse(await response.json().catch(() => null));
        if (parsed.success) {
          this.accepted += parsed.data.accepted;
          this.duplicates += parsed.data.duplicates;
        }
        this.queue.splice(0, events.length);
        this.roundLeft = Math.max(0, this.roundLeft - events.length);
        this.failures = 0;
        this.settleSessions();
      } else {
        await response.body?.cancel();
        retryable = response.status === 408 || response.status === 429 || response.status >= 500;
        this.options.logger.error(
          { status: response.status, events: events.length, retryable },
          "ingest batch refused",
        );
        if (!retryable) {
          this.queue.splice(0, events.length); // would fail forever; the log says so
          this.roundLeft = Math.max(0, this.roundLeft - events.length);
          this.settleSessions();
        }
      }
    } catch (error) {
      retryable = true;
      this.options.logger.warn(
        { err: (error as Error).message, events: events.length },
        "ingest batch failed",
      );
    } finally {
      this.sending = false;
      this.inFlight = 0;
    }
    if (retryable) {
      this.failures++;
      const base = this.options.retryBaseMs ?? 250;
      const cap = Math.min(this.options.retryMaxMs ?? 30_000, base * 2 ** Math.min(this.failures, 16));
      this.schedule(Math.max(1, Math.floor((this.options.random ?? Math.random)() * cap)));
      return;
    }
    if (this.roundLeft > 0 && this.queue.length > 0) this.schedule(0);
    else if (this.queue.length > 0) {
      this.roundLeft = 0;
      this.schedule(this.options.flushMs);
    } else {
      this.roundLeft = 0;
      this.settleIdle();
    }
  }

  private settleIdle(): void {
    if (this.busy) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const resolve of waiters) resolve();
  }
}
