/**
 * The agent loop behind every turn: call the model, stream its text, run the tools it asks for (waiting for
 * approval where a tool needs it), feed the results back, and repeat until it answers without tools. Every
 * step is traced: milestones for users, reasoning, tool calls/results and model calls for admins.
 */
import { AttachmentError } from "@interject/attachments";
import type { HistoryTurn, ModelCallStopReason, ModelStopReason } from "@interject/protocol";
import { currentFiles, withEarlierFiles } from "../attachments/files-for-model.ts";
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
} from "../session/turn-io.ts";
import { prepareCall, type ToolOutput, type ToolRegistry } from "../tools/tool.ts";

/** Tool output kept in traces; the model gets all of it. */
const TRACE_OUTPUT_CHARS = 4000;
/** A tool's progress reaches users at most this often (an MCP server may send it at any rate). */
const PROGRESS_INTERVAL_MS = 500;

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
  const name = call.name.slice(0, 64) || "unknown";
  const at = now();
  io.trace({
    kind: "tool_call",
    at,
    callId: call.id,
    name,
    input: toJson(call.input),
    ...(tool?.mcp ? { mcp: tool.mcp } : {}),
  });
  const result = (output: string | ToolOutput, isError: boolean): ToolResult => {
    const full: ToolOutput = typeof output === "string" ? { text: output, isError } : output;
    io.trace({
      kind: "tool_result",
      at: now(),
      callId: call.id,
      name,
      output: (full.trace?.output ?? full.text).slice(0, TRACE_OUTPUT_CHARS),
      isError: full.isError,
      durationMs: Math.min(86_400_000, Math.max(0, now() - at)),
      ...(full.outcome ? { outcome: full.outcome } : {}),
      ...(full.trace?.attachments?.length ? { attachments: full.trace.attachments.slice(0, 16) } : {}),
    });
    return { callId: call.id, name: call.name, output: full.text, isError: full.isError };
  };
  if (!tool) return result(`There is no tool named "${call.name}".`, true);
  const prepared = prepareCall(tool, call.input);
  if (!prepared.ok) return result(`Invalid input for ${tool.name}: ${prepared.message}`, true);
  if (prepared.approval !== null) {
    io.trace({ kind: "milestone", at: now(), text: "Waiting for your approval" });
    const decision = await io.approve(tool.name, prepared.approval, prepared.input);
    if (decision !== "approved") {
      return result(
        `The user ${decision === "denied" ? "denied" : "did not answer (expired)"} the request to run ${tool.name}; it was not run.`,
        true,
      );
    }
  }
  io.trace({ kind: "milestone", at: now(), text: tool.milestone.slice(0, 200) || tool.name });
  // While it runs, an interruption traces the call as cancelled (the session does; this turn's own
  // traces are no longer delivered once it is interrupted).
  io.toolCall({ callId: call.id, name, startedAt: at }, true);
  let lastProgressAt = Number.NEGATIVE_INFINITY;
  const progress = (text: string) => {
    const t = now();
    if (t - lastProgressAt < PROGRESS_INTERVAL_MS || io.signal.aborted) return;
    lastProgressAt = t;
    const line = text.replace(/\s+/g, " ").trim().slice(0, 200);
    if (line) io.trace({ kind: "milestone", at: t, text: line });
  };
  try {
    const output = await prepared.run({
      signal: io.signal,
      session: io.toolState,
      now: clock,
      progress,
    });
    return result(output, false);
  } catch (error) {
    if (isAbortError(error, io.signal)) throw error;
    return result(error instanceof Error ? error.message : String(error), true);
  } finally {
    io.toolCall({ callId: call.id, name, startedAt: at }, false);
  }
}

export function createAgentRunner(options: AgentLoopOptions): TurnRunner {
  const now = options.now ?? Date.now;
  const clock = options.clock ?? (() => new Date());
  const { provider, tools } = options;
  const runTool = (call: ToolCall, io: TurnIO) => runToolCall(call, io, { tools, now, clock });

  return async (prompt, io) => {
    const read = (id: string) => io.readAttachment(id);
    const files = await currentFiles(io.attachments, read);
    if (files.length > 0)
      io.trace({
        kind: "milestone",
        at: now(),
        text: `Reading ${files.length === 1 ? "the file" : `${files.length} files`}`,
      });
    const messages: ChatMessage[] = [
      ...(await withEarlierFiles(historyMessages(io.history), io.history, files, read)),
      { role: "user", text: prompt, ...(files.length > 0 ? { attachments: files } : {}) },
    ];
    if (io.signal.aborted) return;
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
      let stopReason: ModelStopReason = "end_turn";
      try {
        for await (const event of provider.stream({
          system: options.system,
          messages,
          // Read for every model call: MCP servers come and go, and an administrator may withhold a tool.
          tools: tools.specs(),
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

function modelCallTrace(call: ActiveModelCall, at: number, stopReason: ModelCallStopReason) {
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
  if (error instanceof AttachmentError)
    return { code: "attachment_error", message: error.message, retryable: error.problem === "unavailable" };
  return { code: "internal", message: "The agent failed unexpectedly; try again.", retryable: true };
}
