/** Steps several checks share: a full session with its hello, a pong proving a socket usable, text compared. */
import { randomUUID } from "node:crypto";
import type { ErrorCode, ErrorMessage, SessionMessage } from "@interject/protocol";
import type { AgentConnection } from "../agent-connection.ts";
import { BasicReader } from "../basic-wire.ts";
import type { CheckContext } from "../check.ts";
import { ProtocolViolation } from "../errors.ts";
import { FullReader } from "../full-wire.ts";

export interface FullSession {
  connection: AgentConnection;
  reader: FullReader;
  hello: SessionMessage;
  sessionId: string;
}

/** Connects to a session (a fresh one by default) and reads its hello. */
export async function openFull(
  context: CheckContext,
  sessionId = context.newSessionId(),
): Promise<FullSession> {
  const connection = await context.connect(sessionId);
  const reader = new FullReader(connection);
  const hello = await reader.hello(context.options.replyTimeoutMs);
  return { connection, reader, hello, sessionId };
}

export async function openBasic(
  context: CheckContext,
): Promise<{ connection: AgentConnection; reader: BasicReader }> {
  const connection = await context.connect();
  return { connection, reader: new BasicReader(connection) };
}

export function promptMessage(text: string): { type: "prompt"; id: string; text: string } {
  return { type: "prompt", id: `conformance-${randomUUID()}`, text };
}

/** Sends a `ping` and waits for its `pong`: the socket still reads and answers. */
export async function expectPong(session: FullSession, timeoutMs: number): Promise<void> {
  const nonce = randomUUID().slice(0, 8);
  session.connection.sendJson({ type: "ping", nonce });
  await session.reader.until(
    "pong",
    timeoutMs,
    "the pong that shows the socket still works",
    (p) => p.nonce === nonce,
  );
}

/** Waits for a connection-level `error` (no turnId) and checks its code. */
export async function expectError(
  session: FullSession,
  code: ErrorCode,
  timeoutMs: number,
): Promise<ErrorMessage> {
  const error = await session.reader.until(
    "error",
    timeoutMs,
    `an "error" with code ${code}`,
    (e) => !e.turnId,
  );
  if (error.code !== code) {
    throw new ProtocolViolation(`the error's code is ${error.code}, not ${code} ("${error.error}")`);
  }
  return error;
}

/** Why two texts differ, or null when they are equal. */
export function textDifference(what: string, expected: string, actual: string): string | null {
  if (expected === actual) return null;
  let at = 0;
  while (at < expected.length && expected[at] === actual[at]) at++;
  return `${what}: ${actual.length} characters where ${expected.length} were expected, differing from character ${at}`;
}

/** "1 chunk", "3 chunks". */
export function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}
