/**
 * The `basic` level's wire: exactly what the AgentCore articles' Strands agent sends (seed 002,
 * `websocket_strands_agent.py`). The client sends `{"inputText": "..."}` (`SeedPromptMessage`); the agent
 * answers with the four frames below, without `seq`, turn ids or a hello. Every schema is strict, so nothing a
 * basic agent sends is trusted beyond these fields.
 */
import { z } from "zod";
import { type ParseError, type ParseResult, parseJson } from "./parse.ts";

/**
 * The largest frame a basic agent may send. AgentCore's WebSocket guide says to stay below 32 KB (the service
 * closes frames over 64 KB with 1009), and the articles' agent repeats the whole answer in one `complete`
 * frame, so a basic agent cannot be held to the full protocol's 8 KB (`MAX_FRAME_BYTES`).
 */
export const BASIC_MAX_FRAME_BYTES = 32 * 1024;

/** A piece of the answer, as the model produced it. */
export const BasicChunkFrame = z.strictObject({ type: z.literal("chunk"), data: z.string() });

/** The answer ended; `fullResponse` is every chunk's `data` joined. */
export const BasicCompleteFrame = z.strictObject({ type: z.literal("complete"), fullResponse: z.string() });

/** A new `inputText` arrived mid-answer; `partialResponse` is the answer so far. */
export const BasicInterruptedFrame = z.strictObject({
  type: z.literal("interrupted"),
  partialResponse: z.string(),
});

/** Anything that went wrong (no `inputText`, a frame the agent could not read, a failure). No `type`. */
export const BasicErrorFrame = z.strictObject({ error: z.string() });

export const BasicAgentFrame = z.union([
  BasicChunkFrame,
  BasicCompleteFrame,
  BasicInterruptedFrame,
  BasicErrorFrame,
]);

export type BasicChunkFrame = z.infer<typeof BasicChunkFrame>;
export type BasicCompleteFrame = z.infer<typeof BasicCompleteFrame>;
export type BasicInterruptedFrame = z.infer<typeof BasicInterruptedFrame>;
export type BasicErrorFrame = z.infer<typeof BasicErrorFrame>;
export type BasicAgentFrame = z.infer<typeof BasicAgentFrame>;

const BASIC_TYPES = ["chunk", "complete", "interrupted"] as const;

/** Whether a basic frame is the error frame (the only one without `type`). */
export function isBasicError(frame: BasicAgentFrame): frame is BasicErrorFrame {
  return "error" in frame;
}

/** Parses one WebSocket text frame from a basic agent. Never throws. */
export function parseBasicAgentFrame(text: string): ParseResult<BasicAgentFrame> {
  const json = parseJson(text, BASIC_MAX_FRAME_BYTES);
  if (!json.ok) return json;
  const value = json.value;
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return invalid("a basic agent frame is a JSON object", "");
  }
  const type = (value as { type?: unknown }).type;
  if (type !== undefined && !(BASIC_TYPES as readonly unknown[]).includes(type)) {
    return {
      ok: false,
      error: {
        code: "unknown_type",
        message: `Unknown basic frame type ${JSON.stringify(type)}; expected ${BASIC_TYPES.join(", ")} or {"error": "..."}.`,
        issues: [{ path: "type", message: "unknown type" }],
      },
    };
  }
  const schema =
    type === "chunk"
      ? BasicChunkFrame
      : type === "complete"
        ? BasicCompleteFrame
        : type === "interrupted"
          ? BasicInterruptedFrame
          : BasicErrorFrame;
  const result = schema.safeParse(value);
  if (result.success) return { ok: true, value: result.data };
  const issue = result.error.issues[0];
  return invalid(issue?.message ?? "invalid", issue?.path.map(String).join(".") ?? "");
}

function invalid(message: string, path: string): { ok: false; error: ParseError } {
  const where = path ? `${path}: ${message}` : message;
  return {
    ok: false,
    error: {
      code: "invalid_message",
      message: `The frame does not match the basic level (${where}).`,
      issues: [{ path, message }],
    },
  };
}
