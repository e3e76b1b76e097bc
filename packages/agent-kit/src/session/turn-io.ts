/**
 * The contract between a session and whatever answers its turns (the kit's agent loop, or a team's own
 * runner): what a running turn may do, and how a failure is told to the user.
 */
import type { HistoryTurn, StreamMessage, Trace } from "@interject/protocol";
import type { ToolSessionState } from "../tools/tool.ts";

/** A stream message before the session numbers it. */
export type Unsequenced<T> = T extends unknown ? Omit<T, "seq"> : never;
export type UnsequencedStreamMessage = Unsequenced<StreamMessage>;

export type ApprovalDecision = "approved" | "denied" | "expired";

/** What a running turn may do; everything is ignored once the turn has ended (e.g. was interrupted). */
export interface TurnIO {
  readonly turnId: string;
  readonly signal: AbortSignal;
  /** The earlier turns, for the model's context. */
  readonly history: readonly HistoryTurn[];
  readonly toolState: ToolSessionState;
  text(text: string): void;
  trace(trace: Trace): void;
  /** Asks the user; resolves with the decision, rejects with an AbortError if the turn is interrupted. */
  approve(tool: string, summary: string, input: unknown): Promise<ApprovalDecision>;
  /** The model call in progress, so an interruption can trace it as cancelled. */
  modelCall(call: ActiveModelCall | null): void;
  /** A tool call started (`running`) or ended, so an interruption can trace the running ones as cancelled. */
  toolCall(call: ActiveToolCall, running: boolean): void;
}

export interface ActiveToolCall {
  callId: string;
  /** The tool's name as traced (at most 64 characters). */
  name: string;
  startedAt: number;
}

export interface ActiveModelCall {
  provider: string;
  model: string;
  startedAt: number;
  firstTokenAt: number | null;
  inputTokens: number;
  outputTokens: number;
}

/** Runs one turn: streams text and traces through `io`; resolves when done; throws to end it with an error. */
export type TurnRunner = (prompt: string, io: TurnIO) => Promise<void>;

export interface TurnFailure {
  code: "model_error" | "tool_error" | "internal";
  message: string;
  retryable: boolean;
}

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/** A plain JSON copy of a tool input (drops undefined, functions and the like). */
export function toJson(value: unknown): Json {
  const text = JSON.stringify(value ?? {});
  return text === undefined ? {} : (JSON.parse(text) as Json);
}
