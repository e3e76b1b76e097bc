/**
 * Reading the basic level from one connection: every frame is parsed with the basic level's strict schemas
 * (`parseBasicAgentFrame`). `readBasicAnswer` follows one answer: chunks until `complete`, `interrupted` or
 * an `error`.
 */
import { type BasicAgentFrame, isBasicError, parseBasicAgentFrame } from "@interject/protocol";
import type { AgentConnection } from "./agent-connection.ts";
import { Deadline } from "./deadline.ts";
import { excerpt, ProtocolViolation } from "./errors.ts";

export class BasicReader {
  constructor(readonly connection: AgentConnection) {}

  async next(timeoutMs: number, what: string): Promise<BasicAgentFrame> {
    const frame = await this.connection.next(timeoutMs, what);
    if (frame.binary) {
      throw new ProtocolViolation(
        `the agent sent a binary frame (${frame.bytes} bytes); the basic level is JSON text`,
      );
    }
    const parsed = parseBasicAgentFrame(frame.text);
    if (!parsed.ok) {
      throw new ProtocolViolation(
        `a frame outside the basic level: ${parsed.error.message} (${excerpt(frame.text)})`,
      );
    }
    return parsed.value;
  }
}

export interface BasicAnswer {
  chunks: string[];
  end: { type: "complete" | "interrupted" | "error"; text: string };
}

export async function readBasicAnswer(
  reader: BasicReader,
  options: { timeoutMs: number; onChunk?: (chunks: readonly string[]) => void },
): Promise<BasicAnswer> {
  const deadline = new Deadline(options.timeoutMs);
  const chunks: string[] = [];
  for (;;) {
    const frame = await reader.next(deadline.left, chunks.length ? "the end of the answer" : "the answer");
    if (isBasicError(frame)) return { chunks, end: { type: "error", text: frame.error } };
    if (frame.type === "chunk") {
      chunks.push(frame.data);
      options.onChunk?.(chunks);
    } else if (frame.type === "complete") {
      return { chunks, end: { type: "complete", text: frame.fullResponse } };
    } else {
      return { chunks, end: { type: "interrupted", text: frame.partialResponse } };
    }
  }
}
