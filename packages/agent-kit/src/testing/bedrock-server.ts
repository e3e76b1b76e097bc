/**
 * Test support: a local HTTP/2 server (cleartext, as the SDK's default HTTP/2 handler speaks to an http://
 * endpoint) speaking Bedrock's ConverseStream wire format, the AWS event-stream binary encoding
 * (@smithy/eventstream-codec), so the real SDK client is exercised end to end.
 */
import {
  createServer,
  type Http2ServerRequest as IncomingMessage,
  type Http2Server as Server,
  type Http2ServerResponse as ServerResponse,
} from "node:http2";
import type { AddressInfo } from "node:net";
import { EventStreamCodec } from "@smithy/eventstream-codec";
import { fromUtf8, toUtf8 } from "@smithy/util-utf8";

const codec = new EventStreamCodec(toUtf8, fromUtf8);

export function encodeEvent(eventType: string, payload: unknown): Uint8Array {
  return codec.encode({
    headers: {
      ":event-type": { type: "string", value: eventType },
      ":message-type": { type: "string", value: "event" },
      ":content-type": { type: "string", value: "application/json" },
    },
    body: fromUtf8(JSON.stringify(payload)),
  });
}

export interface ConverseCall {
  path: string;
  body: Record<string, unknown>;
  authorization: string | undefined;
  /** Set when the client closed the connection before the stream ended. */
  clientGone: boolean;
  eventsWritten: number;
}

export type ConverseScript = (call: ConverseCall, res: ServerResponse) => Promise<void>;

export async function startBedrockServer(
  script: ConverseScript,
): Promise<{ url: string; calls: ConverseCall[]; server: Server }> {
  const calls: ConverseCall[] = [];
  const server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    const parts: Buffer[] = [];
    for await (const part of req as AsyncIterable<Buffer>) parts.push(part);
    const call: ConverseCall = {
      path: req.url ?? "",
      body: JSON.parse(Buffer.concat(parts).toString("utf8") || "{}") as Record<string, unknown>,
      authorization: req.headers.authorization,
      clientGone: false,
      eventsWritten: 0,
    };
    calls.push(call);
    res.on("close", () => {
      if (!res.writableEnded) call.clientGone = true;
    });
    if (call.path.includes("denied")) {
      res.writeHead(403, { "content-type": "application/json", "x-amzn-errortype": "AccessDeniedException" });
      res.end(JSON.stringify({ message: "You don't have access to the model with the specified model ID." }));
      return;
    }
    res.writeHead(200, {
      "content-type": "application/vnd.amazon.eventstream",
      "x-amzn-requestid": "test-request",
    });
    await script(call, res);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, calls, server };
}

/** Writes one event unless the client has gone; returns whether it was written. */
export function writeEvent(
  call: ConverseCall,
  res: ServerResponse,
  eventType: string,
  payload: unknown,
): boolean {
  if (call.clientGone || res.stream.destroyed) return false;
  res.write(encodeEvent(eventType, payload));
  call.eventsWritten++;
  return true;
}
