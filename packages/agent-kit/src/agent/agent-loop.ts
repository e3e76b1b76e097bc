/**
 * The agent loop behind every turn: call the model, stream its text, run the tools it asks for (waiting for
 * approval where a tool needs it), feed the results back, and repeat until it answers without tools. Every
 * step is traced: milestones for users, reasoning, tool calls/results and model calls for admins.
 */
import type { HistoryTurn } from "@interject/protocol";
import {
  type ChatMessage,
  isAbortError,
  ModelError,
  type ModelProvider,
  type ToolCall,
  type ToolResult,
} from "../models/provider.ts";
import {
  type ActiveModelCall,
  type TurnFailure,
  type TurnIO,
  type TurnRunner,
  toJson,
} from "../session/session.ts";
import type { ToolRegistry } from "../tools/tool.ts";

/** Tool output kept in traces; the model gets all of it. */
const TRACE_OUTPUT_CHARS = 4000;

export class ToolFailure extends Error {
  override name = "ToolFailure";
}

export interface AgentLoopOptions {
  provider: ModelProvider;
  tools: ToolRegistry;
  /** The system prompt of every model call. */
  system: string;
  maxToolRounds: number;
  now?: () => number;
  clock?: () => Date;
}

/** The conversation so far as model messages; interrupted answers are marked so the model knows. */
export function historyMessages(history: readonly HistoryTurn[]): ChatMessage[] {
  const messages: ChatMessage[] = [];
  for (const turn of history) {
    messages.push({ role: "user", text: turn.prompt });
    const note =
      turn.status === "interrupted"
        ? "\n[The user interrupted this answer here.]"
        : turn.status === "error"
          ? "\n[This answer failed here.]"
          : "";
    const text = `${turn.response}${note}`.trim();
    messages.push({ role: "assistant", text: text || "[No answer was given.]" });
  }
  return messages;
}

export interface ToolRunOptions {
  tools: ToolRegistry;
  now: () => number;
  clock: () => Date;
}

/**
 * Runs one tool call the model asked for, as the agent loop does: traced (call and result, milestones),
 * its input checked against the tool's schema, the user's approval asked first when the tool needs it. A
 * failing tool becomes an error result for the model; an interruption propagates. A speech-to-speech model
 * (Nova Sonic) gets its tools run here too.
 */
export async function runToolCall(call: ToolCall, io: TurnIO, options: ToolRunOptions): Promise<ToolResult> {
  const { tools, now, clock } = options;
  const tool = tools.get(call.name);
  const at = now();
  io.trace({
    kind: "tool_call",
    at,
    callId: call.id,
    name: call.name.slice(0, 64) || "unknown",
    input: toJson(call.input),
  });
  const result = (output: string, isError: boolean): ToolResult => {
    io.trace({
      kind: "tool_result",
      at: now(),
      callId: call.id,
      name: call.name.slice(0, 64) || "unknown",
      output: output.slice(0, TRACE_OUTPUT_CHARS),
      isError,
      durationMs: Math.min(86_400_000, Math.max(0, now() - at)),
    });
    return { callId: call.id, name: call.name, output, isError };
  };
  if (!tool) return result(`There is no tool named "${call.name}".`, true);
  const parsed = tool.input.safeParse(call.input ?? {});
  if (!parsed.success) {
    return result(
      `Invalid input for ${tool.name}: ${parsed.error.issues.map((i) => `${i.path.join(".") || "input"} ${i.message}`).join("; ")}`,
      true,
    );
  }
  if (tool.approval) {
    io.trace({ kind: "milestone", at: now(), text: "Waiting for your approval" });
    const decision = await io.approve(tool.name, tool.approval(parsed.data), parsed.data);
    if (decision !== "approved") {
      return result(
        `The user ${decision === "denied" ? "denied" : "did not answer (expired)"} the request to run ${tool.name}; it was not run.`,
        true,
      );
    }
  }
  io.trace({ kind: "milestone", at: now(), text: tool.milestone });
  try {
    return result(
      await tool.run(parsed.data, { signal: io.signal, session: io.toolState, now: clock }),
      false,
    );
  } catch (error) {
    if (isAbortError(error, io.signal)) throw error;
    return result(error instanceof Error ? error.message : String(error), true);
  }
}

export function createAgentRunner(options: AgentLoopOptions): TurnRunner {
  const now = options.now ?? Date.now;
  const clock = options.clock ?? (() => new Date());
  const { provider, tools } = options;
  const specs = tools.specs();
  const runTool = (call: ToolCall, io: TurnIO) => runToolCall(call, io, { tools, now, clock });

  return async (prompt, io) => {
    const messages: ChatMessage[] = [...historyMessages(io.history), { role: "user", text: prompt }];
    io.trace({ kind: "milestone", at: now(), text: "Thinking" });
    for (let round = 0; round < options.maxToolRounds; round++) {
      const call: ActiveModelCall = {
        provider: provider.name,
        model: provider.model,
        startedAt: now(),
        firstTokenAt: null,
        inputTokens: 0,
        outputTokens: 0,
      };
      io.modelCall(call);
      let text = "";
      const toolCalls: ToolCall[] = [];
      let stopReason: "end_turn" | "tool_use" | "max_tokens" = "end_turn";
      try {
        for await (const event of provider.stream({
          system: options.system,
          messages,
          tools: specs,
          signal: io.signal,
        })) {
          if (io.signal.aborted) return;
          if (event.type === "text") {
            call.firstTokenAt ??= now();
            call.outputTokens++;
            text += event.text;
            io.text(event.text);
          } else if (event.type === "reasoning") {
            call.firstTokenAt ??= now();
            if (event.text.trim())
              io.trace({ kind: "reasoning", at: now(), rationale: event.text.slice(0, 4000) });
          } else if (event.type === "tool_call") {
            call.firstTokenAt ??= now();
            toolCalls.push(event.call);
          } else {
            stopReason = event.stopReason;
            call.inputTokens = event.inputTokens;
            call.outputTokens = event.outputTokens;
          }
        }
      } catch (error) {
        if (isAbortError(error, io.signal)) return;
        io.trace(modelCallTrace(call, now(), "error"));
        io.modelCall(null);
        throw error;
      }
      io.modelCall(null);
      if (io.signal.aborted) return;
      io.trace(modelCallTrace(call, now(), stopReason));
      messages.push({ role: "assistant", text, ...(toolCalls.length > 0 ? { toolCalls } : {}) });
      if (toolCalls.length === 0) return;
      const results: ToolResult[] = [];
      for (const toolCall of toolCalls) {
        results.push(await runTool(toolCall, io));
        if (io.signal.aborted) return;
      }
      messages.push({ role: "tool", results });
      io.trace({ kind: "milestone", at: now(), text: "Writing the answer" });
    }
    io.text(`\n\n(I stopped after ${options.maxToolRounds} rounds of tool use without a final answer.)`);
  };
}

function modelCallTrace(
  call: ActiveModelCall,
  at: number,
  stopReason: "end_turn" | "tool_use" | "max_tokens" | "error",
) {
  return {
    kind: "model_call" as const,
    at,
    provider: call.provider,
    model: call.model,
    timeToFirstTokenMs: call.firstTokenAt === null ? null : call.firstTokenAt - call.startedAt,
    latencyMs: Math.min(86_400_000, Math.max(0, at - call.startedAt)),
    inputTokens: call.inputTokens,
    outputTokens: call.outputTokens,
    stopReason,
  };
}

/** What the user is told when a turn fails. Messages never include credentials or URLs' query strings. */
export function describeFailure(error: unknown): TurnFailure {
  if (error instanceof ModelError)
    return { code: "model_error", message: `The model failed: ${error.message}`, retryable: error.retryable };
  if (error instanceof ToolFailure) return { code: "tool_error", message: error.message, retryable: false };
  return { code: "internal", message: "The agent failed unexpectedly; try again.", retryable: true };
}
