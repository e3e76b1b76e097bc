/**
 * The one interface every model sits behind. A provider streams events for one model call and must stop
 * (and stop paying for tokens) as soon as `signal` aborts: the agent relies on it for interruption.
 */
import type { ModelStopReason } from "@interject/protocol";
import type { OfflineHint } from "./offline/hint.ts";

/** A tool call the model asked for. `input` is the parsed JSON arguments. */
export interface ToolCall {
  id: string;
  name: string;
  input: unknown;
}

export interface ToolResult {
  callId: string;
  name: string;
  output: string;
  isError: boolean;
}

/** The conversation as providers see it, independent of any vendor format. */
export type ChatMessage =
  | { role: "user"; text: string }
  | { role: "assistant"; text: string; toolCalls?: ToolCall[] }
  | { role: "tool"; results: ToolResult[] };

export interface ToolSpec {
  name: string;
  description: string;
  /** JSON Schema of the input object. */
  inputSchema: Record<string, unknown>;
  /** How the offline model picks this tool; hosted models ignore it. */
  offline?: OfflineHint;
}

export interface ModelRequest {
  system: string;
  messages: ChatMessage[];
  tools: ToolSpec[];
  signal: AbortSignal;
}

/** Why a model call stopped on its own (the protocol names the values). */
export type StopReason = ModelStopReason;

export type ModelEvent =
  | { type: "text"; text: string }
  /** A reasoning step the model chose to expose (traced at `full` level as a `rationale`). */
  | { type: "reasoning"; text: string }
  | { type: "tool_call"; call: ToolCall }
  | { type: "end"; stopReason: StopReason; inputTokens: number; outputTokens: number };

export interface ModelProvider {
  /** Short provider name for traces: "offline", "bedrock", "openai". */
  readonly name: string;
  readonly model: string;
  /** Streams one model call. Ends with exactly one `end` event unless it throws or is aborted. */
  stream(request: ModelRequest): AsyncIterable<ModelEvent>;
}

/** Thrown by providers for failures worth telling the user about (bad credentials, server errors). */
export class ModelError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "ModelError";
  }
}

/** Whether an error is the AbortSignal's doing rather than a real failure. */
export function isAbortError(error: unknown, signal: AbortSignal): boolean {
  if (signal.aborted) return true;
  return error instanceof Error && (error.name === "AbortError" || error.name === "TimeoutError");
}
