/**
 * `POST /invocations`: the same agent over HTTP. The JSON body carries `prompt` or `inputText`. With
 * `Accept: text/event-stream` the answer streams as SSE, one protocol message per `data:` line (the same
 * messages a WebSocket gets, filtered by the signed trace level, until the turn's last message); otherwise the
 * turn's final message (`complete`, `interrupted` or `error`) is the JSON answer, with the whole text: a long
 * answer's parts joined into one message (HTTP bodies have no frame limit).
 */

import type { IncomingMessage, ServerResponse } from "node:http";
import { SESSION_ID_PARAM } from "@interject/agentcore-sigv4/constants";
import {
  isFinalPart,
  MAX_INBOUND_FRAME_BYTES,
  MAX_PROMPT_CHARS,
  parseJson,
  type StreamMessage,
} from "@interject/protocol";
import { z } from "zod";
import type { Logger } from "../logger.ts";
import { Connection } from "../session/connection.ts";
import type { SessionStore } from "../session/session-store.ts";
import type { AgentSocket } from "../session/socket.ts";
import type { ConnectionLimits } from "./connection-settings.ts";
import { RequestError, readRequestContext } from "./request-context.ts";

const PromptText = z.string().min(1, "a prompt needs some text").max(MAX_PROMPT_CHARS);
/** The HTTP request body (AgentCore passes the caller's payload through; other fields are ignored). */
const InvocationBody = z
  .object({ prompt: PromptText.optional(), inputText: PromptText.optional() })
  .refine((b) => b.prompt !== undefined || b.inputText !== undefined, {
    message: "send prompt or inputText",
  });

async function readBody(req: IncomingMessage): Promise<string> {
  const parts: Buffer[] = [];
  let size = 0;
  for await (const part of req as AsyncIterable<Buffer>) {
    size += part.length;
    if (size > MAX_INBOUND_FRAME_BYTES)
      throw new RequestError(
        413,
        "frame_too_large",
        `The body is larger than ${MAX_INBOUND_FRAME_BYTES} bytes.`,
      );
    parts.push(part);
  }
  return Buffer.concat(parts).toString("utf8");
}

/** How a turn ended, with the whole text: a long answer's parts (see `splitFinal`) joined in order. */
type FinalMessage = Extract<StreamMessage, { type: "complete" | "interrupted" | "error" }>;

/**
 * Follows one turn's stream messages and calls `done` once with its final message: an `error`, or the last
 * part of `complete` / `interrupted` (the turn does not end before it), as one message holding the whole text.
 */
function finalMessageOf(turnId: () => string, done: (message: FinalMessage) => void) {
  const pieces: string[] = [];
  return (message: StreamMessage): boolean => {
    if (!("turnId" in message) || message.turnId === undefined || message.turnId !== turnId()) return false;
    if (message.type === "error") {
      done(message);
      return true;
    }
    if (message.type !== "complete" && message.type !== "interrupted") return false;
    pieces.push(message.type === "complete" ? message.fullResponse : message.partialResponse);
    if (!isFinalPart(message)) return false;
    const { part: _part, parts: _parts, ...rest } = message;
    const text = pieces.join("");
    done(rest.type === "complete" ? { ...rest, fullResponse: text } : { ...rest, partialResponse: text });
    return true;
  };
}

export async function handleInvocation(
  req: IncomingMessage,
  res: ServerResponse,
  deps: { store: SessionStore; limits: ConnectionLimits; logger: Logger },
): Promise<void> {
  const context = readRequestContext(req);
  const json = parseJson(await readBody(req));
  if (!json.ok)
    throw new RequestError(
      json.error.code === "frame_too_large" ? 413 : 400,
      json.error.code,
      json.error.message,
    );
  const body = InvocationBody.safeParse(json.value);
  if (!body.success) {
    throw new RequestError(
      400,
      "invalid_message",
      `The body must be JSON with "prompt" or "inputText" (${body.error.issues[0]?.message ?? "invalid"}).`,
    );
  }
  const text = body.data.prompt ?? body.data.inputText ?? "";
  const session = await deps.store.open(context.sessionId);
  const sse = (req.headers.accept ?? "").includes("text/event-stream");
  deps.logger.info({ sessionId: session.id, sse, path: "/invocations" }, "invocation");

  let turnId = "";
  const finished = new Promise<FinalMessage>((resolve) => {
    const follow = finalMessageOf(() => turnId, resolve);
    const stop = session.onEvent((message) => {
      if (follow(message)) stop();
    });
  });

  if (!sse) {
    turnId = session.prompt(crypto.randomUUID(), text);
    const final = await finished;
    const status = final.type === "error" ? (final.code === "model_error" ? 502 : 500) : 200;
    res.writeHead(status, { "content-type": "application/json", [SESSION_ID_PARAM]: session.id });
    res.end(JSON.stringify(final));
    return;
  }

  res.writeHead(200, {
    "content-type": "text/event-stream; charset=utf-8",
    "cache-control": "no-cache",
    connection: "keep-alive",
    [SESSION_ID_PARAM]: session.id,
  });
  const socket: AgentSocket = {
    send: (frame, done) => {
      res.write(`data: ${frame}\n\n`, (error) => done(error ?? undefined));
    },
    close: () => res.end(),
  };
  // SSE writes go straight to the response (which keeps order); the hard cap still bounds what waits there.
  const connection = new Connection(socket, session, {
    ...deps.limits,
    softLimitBytes: deps.limits.hardCapBytes,
    traceLevel: context.traceLevel,
  });
  res.on("close", () => connection.detach());
  connection.open();
  connection.attach();
  turnId = session.prompt(crypto.randomUUID(), text);
  await finished;
  if (!connection.isClosed) connection.close(1000, "done");
}
