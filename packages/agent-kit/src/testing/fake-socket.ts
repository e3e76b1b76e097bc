/**
 * Test support: an in-memory AgentSocket that records frames, plus a provider wrapper that records whether
 * the AbortSignal reached the provider and how many tokens it produced afterwards.
 */
import { type AgentMessage, parseAgentMessage } from "@interject/protocol";
import type { ModelEvent, ModelProvider, ModelRequest } from "../models/provider.ts";
import type { AgentSocket } from "../session/socket.ts";

export class FakeSocket implements AgentSocket {
  readonly frames: string[] = [];
  closed: { code: number; reason: string } | null = null;
  /** While paused, send callbacks are held back, like a reader that does not read. */
  paused = false;
  private held: Array<() => void> = [];

  send(text: string, done: (error?: Error) => void): void {
    this.frames.push(text);
    if (this.paused) this.held.push(() => done());
    else queueMicrotask(() => done());
  }

  close(code: number, reason: string): void {
    this.closed = { code, reason };
  }

  resume(): void {
    this.paused = false;
    for (const done of this.held.splice(0)) done();
  }

  /** Every frame parsed and validated against the protocol (a frame that does not parse fails the test). */
  messages(): AgentMessage[] {
    return this.frames.map((frame) => {
      const parsed = parseAgentMessage(frame);
      if (!parsed.ok) throw new Error(`agent sent an invalid frame: ${parsed.error.message}: ${frame}`);
      return parsed.value;
    });
  }
}

export class RecordingProvider implements ModelProvider {
  readonly name: string;
  readonly model: string;
  calls = 0;
  abortsSeen = 0;
  tokensAfterAbort = 0;
  tokens = 0;
  /** Model calls whose stream has finished (normally, by error or by abort). */
  ended = 0;
  lastRequest: ModelRequest | null = null;

  constructor(private readonly inner: ModelProvider) {
    this.name = inner.name;
    this.model = inner.model;
  }

  async *stream(request: ModelRequest): AsyncGenerator<ModelEvent> {
    this.calls++;
    this.lastRequest = request;
    const onAbort = () => this.abortsSeen++;
    request.signal.addEventListener("abort", onAbort, { once: true });
    try {
      for await (const event of this.inner.stream(request)) {
        if (event.type === "text") {
          this.tokens++;
          if (request.signal.aborted) this.tokensAfterAbort++;
        }
        yield event;
      }
    } finally {
      request.signal.removeEventListener("abort", onAbort);
      this.ended++;
    }
  }
}

/** Waits, one macrotask turn at a time, until `predicate` holds; gives up after `timeoutMs` (a safety net). */
export async function until(predicate: () => boolean, what = "condition", timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setImmediate(resolve));
  }
}
