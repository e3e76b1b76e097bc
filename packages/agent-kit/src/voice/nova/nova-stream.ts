/**
 * One Amazon Nova Sonic connection: Bedrock's InvokeModelWithBidirectionalStream through the AWS SDK (with
 * its HTTP/2 handler; the SDK signs every event), opened in the documented order (sessionStart,
 * promptStart with the tools, the system prompt, the conversation so far, then one interactive audio block
 * for the user's microphone) and closed in the documented order (contentEnd, promptEnd, sessionEnd). Output
 * events are parsed and handed on; a connection lasts about 8 minutes, so nova-sonic-engine.ts replaces it
 * before then.
 */
import { randomUUID } from "node:crypto";
import {
  type BedrockRuntimeClient,
  InvokeModelWithBidirectionalStreamCommand,
  type InvokeModelWithBidirectionalStreamInput,
} from "@aws-sdk/client-bedrock-runtime";
import { EventQueue, pcm16ToBase64 } from "@interject/speech";
import {
  type NovaInputEvent,
  type NovaOutputEvent,
  type NovaToolSpec,
  novaInput,
  parseNovaOutput,
} from "./nova-events.ts";

export interface NovaStreamSetup {
  modelId: string;
  system: string;
  tools: readonly NovaToolSpec[];
  /** The conversation so far, oldest first: replayed once, after the system prompt, before any audio. */
  history: ReadonlyArray<{ role: "USER" | "ASSISTANT"; text: string }>;
  voiceId: string;
  outputSampleRate: number;
  maxTokens: number;
}

export interface NovaStreamHandlers {
  event(event: NovaOutputEvent): void;
  /** The stream ended: by `close` (no error), or on its own (the error, or null when the service closed it). */
  end(error: Error | null): void;
}

/** How long opening waits for the service to refuse the stream before taking it as open. */
const OPEN_SETTLE_MS = 500;

/** Longest text in one history message Interject sends (the newest part of a longer one is kept). */
export const HISTORY_MESSAGE_CHARS = 1000;

export class NovaStream {
  readonly promptName = randomUUID();
  private readonly audioContent = randomUUID();
  private readonly input = new EventQueue<InvokeModelWithBidirectionalStreamInput>();
  private readonly abort = new AbortController();
  private closing = false;
  private ended = false;
  readonly openedAt: number;

  private constructor(
    private readonly handlers: NovaStreamHandlers,
    now: number,
  ) {
    this.openedAt = now;
  }

  /** Opens a connection; resolves once the service accepted it (events then flow to `handlers`). */
  static async open(
    client: BedrockRuntimeClient,
    setup: NovaStreamSetup,
    handlers: NovaStreamHandlers,
    now: number = Date.now(),
  ): Promise<NovaStream> {
    const stream = new NovaStream(handlers, now);
    const { promptName } = stream;
    stream.send(novaInput.sessionStart(setup.maxTokens));
    stream.send(
      novaInput.promptStart(promptName, {
        outputSampleRate: setup.outputSampleRate,
        voiceId: setup.voiceId,
        tools: setup.tools,
      }),
    );
    stream.send(...novaInput.text(promptName, randomUUID(), "SYSTEM", setup.system));
    for (const message of setup.history) {
      const text = message.text.slice(-HISTORY_MESSAGE_CHARS).trim();
      if (text) stream.send(...novaInput.text(promptName, randomUUID(), message.role, text));
    }
    stream.send(novaInput.audioStart(promptName, stream.audioContent));
    const sending = client.send(
      new InvokeModelWithBidirectionalStreamCommand({ modelId: setup.modelId, body: stream.input }),
      { abortSignal: stream.abort.signal },
    );
    // The SDK's promise settles with the service's first output event, which may only come once the user
    // has spoken: a refusal (no access, a bad request) comes at once, so wait only that long for one.
    const refused = await Promise.race([
      sending.then(
        () => null,
        (error: unknown) => (error instanceof Error ? error : new Error(String(error))),
      ),
      new Promise<null>((resolve) => setTimeout(() => resolve(null), OPEN_SETTLE_MS).unref()),
    ]);
    if (refused) {
      stream.abort.abort();
      throw refused;
    }
    sending.then(
      (response) => stream.read(response.body),
      (error: unknown) => stream.failed(error),
    );
    return stream;
  }

  get isOpen(): boolean {
    return !this.closing && !this.ended;
  }

  /** The user's audio, 16 kHz PCM16. */
  sendAudio(samples: Int16Array): void {
    if (this.isOpen) this.send(novaInput.audio(this.promptName, this.audioContent, pcm16ToBase64(samples)));
  }

  /** A tool's result, for the toolUse with this id. */
  sendToolResult(toolUseId: string, content: string): void {
    if (this.isOpen) this.send(...novaInput.toolResult(this.promptName, randomUUID(), toolUseId, content));
  }

  /** Typed text from the user, answered like speech. */
  sendUserText(text: string): void {
    if (this.isOpen) this.send(...novaInput.text(this.promptName, randomUUID(), "USER", text, true));
  }

  /** Ends the conversation on this connection in the documented order; the service then ends the stream. */
  close(): void {
    if (!this.isOpen) return;
    this.closing = true;
    this.input.push(wrap(novaInput.contentEnd(this.promptName, this.audioContent)));
    this.input.push(wrap(novaInput.promptEnd(this.promptName)));
    this.input.push(wrap(novaInput.sessionEnd()));
    this.input.close();
    // The service answers sessionEnd by ending its stream; don't wait on one that does not.
    setTimeout(() => this.abort.abort(), 5000).unref();
  }

  private send(...events: NovaInputEvent[]): void {
    for (const event of events) this.input.push(wrap(event));
  }

  private failed(error: unknown): void {
    if (this.ended) return;
    this.ended = true;
    this.input.close();
    this.handlers.end(this.closing ? null : error instanceof Error ? error : new Error(String(error)));
  }

  private async read(body: AsyncIterable<unknown> | undefined): Promise<void> {
    let failure: Error | null = null;
    try {
      for await (const part of body ?? []) {
        const bytes = (part as { chunk?: { bytes?: Uint8Array } }).chunk?.bytes;
        if (bytes) {
          const event = parseNovaOutput(new TextDecoder().decode(bytes));
          if (event) this.handlers.event(event);
          continue;
        }
        // Any other member is one of the stream's modelled exceptions (throttling, validation...).
        const [name, detail] = Object.entries(part as Record<string, { message?: string }>)[0] ?? [];
        failure = new Error(`${name ?? "unknown"}: ${detail?.message ?? "the stream failed"}`);
        break;
      }
    } catch (error) {
      if (!this.closing) failure = error instanceof Error ? error : new Error(String(error));
    }
    this.ended = true;
    this.input.close();
    this.handlers.end(this.closing ? null : failure);
  }
}

function wrap(event: NovaInputEvent): InvokeModelWithBidirectionalStreamInput {
  return { chunk: { bytes: new TextEncoder().encode(JSON.stringify(event)) } };
}
