/**
 * Test support: a local HTTP/2 server (cleartext) speaking Bedrock's InvokeModelWithBidirectionalStream wire
 * format, so the real AWS SDK client (HTTP/2 handler, event signing) is exercised end to end. It reads the
 * client's signed event-stream messages (each wraps the SDK's `chunk` event; its `bytes` are a Nova input
 * event's JSON) and writes what a test script says, as `chunk` events carrying Nova output events.
 *
 * Amazon Nova Sonic cannot be reached from our machines: the scripts send event sequences shaped as the
 * Amazon Nova user guide documents them ("Handling output events with the bidirectional API"), not events
 * recorded from the service.
 */
import {
  createServer,
  type Http2Server,
  type Http2ServerRequest,
  type Http2ServerResponse,
} from "node:http2";
import type { AddressInfo } from "node:net";
import { EventStreamCodec } from "@smithy/eventstream-codec";
import { fromUtf8, toUtf8 } from "@smithy/util-utf8";
import { until } from "./fake-socket.ts";

const codec = new EventStreamCodec(toUtf8, fromUtf8);

/** One bidirectional stream: the events received so far, and a way to answer. */
export class NovaCall {
  /** The Nova input events received, parsed (`{ event: { sessionStart: ... } }`...). */
  readonly inputs: Array<{ event: Record<string, Record<string, unknown>> }> = [];
  /** Whether every client message was signed (`:chunk-signature` and `:date` on its envelope). */
  signed = true;
  ended = false;
  clientGone = false;

  constructor(
    readonly path: string,
    readonly authorization: string | undefined,
    private readonly res: Http2ServerResponse,
  ) {}

  /** The names of the input events, in order. */
  get names(): string[] {
    return this.inputs.map((input) => Object.keys(input.event)[0] ?? "");
  }

  /** The input events named `name`, their bodies. */
  of(name: string): Array<Record<string, unknown>> {
    return this.inputs.flatMap((input) => (input.event[name] ? [input.event[name]] : []));
  }

  /** Waits until an input event passes `test`. */
  async waitFor(test: (names: string[]) => boolean, what: string): Promise<void> {
    await until(() => test(this.names) || this.clientGone, what);
  }

  /** Sends one Nova output event (`{ contentStart: {...} }`), wrapped as the service wraps it. */
  send(event: Record<string, unknown>): void {
    if (this.ended || this.res.stream.destroyed) return;
    const bytes = Buffer.from(JSON.stringify({ event })).toString("base64");
    this.res.write(
      codec.encode({
        headers: {
          ":event-type": { type: "string", value: "chunk" },
          ":message-type": { type: "string", value: "event" },
          ":content-type": { type: "string", value: "application/json" },
        },
        body: fromUtf8(JSON.stringify({ bytes })),
      }),
    );
  }

  /** Ends the response stream (as the service does after sessionEnd, or at its connection limit). */
  end(): void {
    if (this.ended) return;
    this.ended = true;
    if (!this.res.stream.destroyed) this.res.end();
  }
}

export type NovaScript = (call: NovaCall) => Promise<void> | void;

/** Starts the server; each new stream runs `script` (the n-th stream gets index n, from 0). */
export async function startNovaSonicServer(
  script: (call: NovaCall, index: number) => Promise<void> | void,
): Promise<{ url: string; calls: NovaCall[]; server: Http2Server; close: () => Promise<void> }> {
  const calls: NovaCall[] = [];
  const server = createServer((req: Http2ServerRequest, res: Http2ServerResponse) => {
    const call = new NovaCall(req.url ?? "", req.headers.authorization, res);
    const index = calls.length;
    calls.push(call);
    res.on("close", () => {
      call.clientGone = true;
    });
    res.writeHead(200, { "content-type": "application/vnd.amazon.eventstream", "x-amzn-requestid": "test" });
    let buffer = Buffer.alloc(0);
    req.on("data", (data: Buffer) => {
      buffer = Buffer.concat([buffer, data]);
      while (buffer.length >= 4) {
        const length = buffer.readUInt32BE(0);
        if (buffer.length < length) break;
        const envelope = codec.decode(buffer.subarray(0, length));
        buffer = buffer.subarray(length);
        if (!envelope.headers[":chunk-signature"] || !envelope.headers[":date"]) call.signed = false;
        // The signing stream ends with a signed envelope around nothing.
        if (envelope.body.length === 0) continue;
        const inner = envelope.headers[":chunk-signature"] ? codec.decode(envelope.body) : envelope;
        const payload = JSON.parse(toUtf8(inner.body)) as { bytes?: string };
        if (payload.bytes)
          call.inputs.push(JSON.parse(Buffer.from(payload.bytes, "base64").toString("utf8")));
      }
    });
    req.on("end", () => call.end());
    void Promise.resolve(script(call, index)).catch((error: unknown) => {
      process.stderr.write(`nova test script failed: ${String(error)}\n`);
      call.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const close = () =>
    new Promise<void>((resolve) => {
      for (const call of calls) call.end();
      server.close(() => resolve());
    });
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, calls, server, close };
}

/**
 * A spoken answer's output events as the user guide shows them: the user's transcript (FINAL), the
 * assistant's planned text (SPECULATIVE), its audio in chunks, then what it said (FINAL), usage, and the end.
 */
export function documentedAnswer(options: {
  user: string;
  assistant: string;
  audio: Int16Array;
  chunkSamples?: number;
  ids?: { sessionId: string; promptName: string; completionId: string };
}): Array<Record<string, unknown>> {
  const ids = options.ids ?? { sessionId: "s-1", promptName: "p-1", completionId: "c-1" };
  const text = (contentId: string, role: string, stage: string, content: string) => [
    {
      contentStart: {
        ...ids,
        contentId,
        type: "TEXT",
        role,
        additionalModelFields: JSON.stringify({ generationStage: stage }),
        textOutputConfiguration: { mediaType: "text/plain" },
      },
    },
    { textOutput: { ...ids, contentId, content } },
    { contentEnd: { ...ids, contentId, stopReason: "PARTIAL_TURN", type: "TEXT" } },
  ];
  const step = options.chunkSamples ?? 2400;
  const audio: Array<Record<string, unknown>> = [];
  for (let at = 0; at < options.audio.length; at += step) {
    const piece = options.audio.subarray(at, at + step);
    audio.push({
      audioOutput: {
        ...ids,
        contentId: "audio-1",
        content: Buffer.from(piece.buffer, piece.byteOffset, piece.byteLength).toString("base64"),
      },
    });
  }
  return [
    { completionStart: ids },
    ...text("user-1", "USER", "FINAL", options.user),
    ...text("text-1", "ASSISTANT", "SPECULATIVE", options.assistant),
    {
      contentStart: {
        ...ids,
        contentId: "audio-1",
        type: "AUDIO",
        role: "ASSISTANT",
        audioOutputConfiguration: {
          mediaType: "audio/lpcm",
          sampleRateHertz: 16_000,
          sampleSizeBits: 16,
          encoding: "base64",
          channelCount: 1,
        },
      },
    },
    ...audio,
    { contentEnd: { ...ids, contentId: "audio-1", stopReason: "END_TURN", type: "AUDIO" } },
    ...text("text-2", "ASSISTANT", "FINAL", options.assistant),
    {
      usageEvent: {
        ...ids,
        details: {
          delta: { input: { speechTokens: 40, textTokens: 0 }, output: { speechTokens: 90, textTokens: 12 } },
          total: { input: { speechTokens: 40, textTokens: 0 }, output: { speechTokens: 90, textTokens: 12 } },
        },
        totalInputTokens: 40,
        totalOutputTokens: 102,
        totalTokens: 142,
      },
    },
    { completionEnd: { ...ids, stopReason: "END_TURN" } },
  ];
}
