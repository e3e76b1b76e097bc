/**
 * Reading the full protocol from one connection: every frame is parsed with the protocol's strict schemas,
 * and stream messages must take growing seqs. `readTurn` follows one turn from its `turn` message to its
 * final message (joining a final message sent in parts), denying any approval it is asked for so that a
 * tool-happy agent cannot hold the suite up.
 */
import {
  type AgentMessage,
  type ErrorCode,
  type InterruptedMessage,
  isFinalPart,
  isStreamMessage,
  parseAgentMessage,
  type SessionMessage,
} from "@interject/protocol";
import type { AgentConnection } from "./agent-connection.ts";
import { Deadline } from "./deadline.ts";
import { excerpt, ProtocolViolation } from "./errors.ts";

type Of<T extends AgentMessage["type"]> = Extract<AgentMessage, { type: T }>;

export class FullReader {
  private lastStreamSeq = -1;

  constructor(readonly connection: AgentConnection) {}

  /** The next message; throws ProtocolViolation for a frame outside the protocol or a seq that goes back. */
  async next(timeoutMs: number, what: string): Promise<AgentMessage> {
    const frame = await this.connection.next(timeoutMs, what);
    if (frame.binary) {
      throw new ProtocolViolation(
        `the agent sent a binary frame (${frame.bytes} bytes); the protocol is JSON text`,
      );
    }
    const parsed = parseAgentMessage(frame.text);
    if (!parsed.ok) {
      throw new ProtocolViolation(
        `a frame outside the full protocol: ${parsed.error.message} (${excerpt(frame.text)})`,
      );
    }
    const message = parsed.value;
    if (isStreamMessage(message)) {
      if (message.seq <= this.lastStreamSeq) {
        throw new ProtocolViolation(
          `stream seq ${message.seq} came after ${this.lastStreamSeq}: each stream message takes the next seq`,
        );
      }
      this.lastStreamSeq = message.seq;
    }
    return message;
  }

  /** Skips messages until one of `type` that `match` accepts. */
  async until<T extends AgentMessage["type"]>(
    type: T,
    timeoutMs: number,
    what: string,
    match: (message: Of<T>) => boolean = () => true,
  ): Promise<Of<T>> {
    const deadline = new Deadline(timeoutMs);
    for (;;) {
      const message = await this.next(deadline.left, what);
      if (message.type === type && match(message as Of<T>)) return message as Of<T>;
    }
  }

  /** The `session` hello, which must be the first frame. */
  async hello(timeoutMs: number): Promise<SessionMessage> {
    const first = await this.next(timeoutMs, 'the "session" hello');
    if (first.type !== "session") {
      throw new ProtocolViolation(
        `the first message is "${first.type}"; a full agent sends its "session" hello first`,
      );
    }
    return first;
  }
}

export interface TurnEnd {
  type: "complete" | "interrupted" | "error";
  /** The whole `fullResponse` or `partialResponse` (parts joined), or the error text. */
  text: string;
  reason?: InterruptedMessage["reason"];
  code?: ErrorCode;
}

export interface TurnRead {
  turnId: string;
  chunks: string[];
  /** Seqs of the turn's stream messages, in arrival order. */
  seqs: number[];
  end: TurnEnd;
}

export interface ReadTurnOptions {
  /** The prompt's id, to find its `turn` message; without it the next `turn` is taken. */
  promptId?: string;
  timeoutMs: number;
  /** Called after each chunk with the chunks so far (e.g. to interrupt mid-answer). */
  onChunk?: (chunks: readonly string[]) => void;
}

export async function readTurn(reader: FullReader, options: ReadTurnOptions): Promise<TurnRead> {
  const deadline = new Deadline(options.timeoutMs);
  let turnId: string | null = null;
  const chunks: string[] = [];
  const seqs: number[] = [];
  let final = "";
  for (;;) {
    const message = await reader.next(
      deadline.left,
      turnId ? "the end of the answer" : 'the prompt\'s "turn" message',
    );
    if (message.type === "error" && !message.turnId && turnId === null) {
      throw new ProtocolViolation(`the agent refused the prompt: ${message.code} "${message.error}"`);
    }
    if (turnId === null) {
      if (
        message.type === "turn" &&
        (options.promptId === undefined || message.promptId === options.promptId)
      ) {
        turnId = message.turnId;
        seqs.push(message.seq);
      }
      continue;
    }
    if (!("turnId" in message) || message.turnId !== turnId) continue;
    seqs.push(message.seq);
    switch (message.type) {
      case "chunk":
        chunks.push(message.data);
        options.onChunk?.(chunks);
        break;
      case "approval_request":
        reader.connection.sendJson({ type: "approval", requestId: message.requestId, decision: "deny" });
        break;
      case "complete":
      case "interrupted":
        final += message.type === "complete" ? message.fullResponse : message.partialResponse;
        if (isFinalPart(message)) {
          const end: TurnEnd = { type: message.type, text: final };
          if (message.type === "interrupted") end.reason = message.reason;
          return { turnId, chunks, seqs, end };
        }
        break;
      case "error":
        return { turnId, chunks, seqs, end: { type: "error", text: message.error, code: message.code } };
      default:
        break;
    }
  }
}
