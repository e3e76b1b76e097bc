/** Builders for agent event batches in the protocol's shapes, and a helper that posts them as the agent does. */
import {
  type EndedTurnStatus,
  type IngestBatch,
  PROTOCOL_VERSION,
  type StreamMessage,
} from "@interject/protocol";
import { INGEST_TOKEN } from "./harness.ts";

export function turnEvents(
  sessionId: string,
  firstSeq: number,
  turnId: string,
  prompt: string,
  answer: string[],
  end: EndedTurnStatus | "none",
) {
  const msgs: StreamMessage[] = [];
  let seq = firstSeq;
  msgs.push({ type: "turn", seq: seq++, turnId, promptId: `p-${turnId}`, prompt, at: Date.now() });
  msgs.push({
    type: "trace",
    seq: seq++,
    turnId,
    trace: { kind: "milestone", at: Date.now(), text: "Thinking" },
  });
  msgs.push({
    type: "trace",
    seq: seq++,
    turnId,
    trace: { kind: "reasoning", at: Date.now(), rationale: "secret chain of thought" },
  });
  for (const data of answer) msgs.push({ type: "chunk", seq: seq++, turnId, data });
  if (end === "complete") msgs.push({ type: "complete", seq: seq++, turnId, fullResponse: answer.join("") });
  if (end === "interrupted")
    msgs.push({ type: "interrupted", seq: seq++, turnId, partialResponse: answer.join(""), reason: "user" });
  if (end === "error")
    msgs.push({
      type: "error",
      seq: seq++,
      turnId,
      error: "the model failed",
      code: "model_error",
      retryable: true,
    });
  return msgs.map((message) => ({ sessionId, message }));
}

export function batch(events: IngestBatch["events"]): IngestBatch {
  return { protocolVersion: PROTOCOL_VERSION, events };
}

export async function postEvents(base: string, body: unknown, token: string | undefined = INGEST_TOKEN) {
  const res = await fetch(`${base}/internal/v1/events`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}
