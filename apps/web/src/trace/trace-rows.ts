/**
 * Turns a turn's trace entries into timeline rows: a start offset and a duration (for tool calls, from the
 * call to its result; for model calls, their latency ending at the event) or a point in time. Every trace
 * kind the connection received becomes a row; nothing is filtered here.
 */
import type { TraceEntry } from "@interject/chat-client";
import type { Trace, TraceAttachment, VoiceStage } from "@interject/protocol";

export interface TraceRow {
  seq: number;
  kind: Trace["kind"];
  label: string;
  detail: string | null;
  /** Extra facts shown beside the label (duration, tokens...). */
  facts: string[];
  startMs: number;
  durationMs: number | null;
  isError: boolean;
  /** Pretty JSON or text shown on demand (tool input/output, reasoning). */
  body: { title: string; text: string }[];
  /** A tool result's images (shown from their data) and resource links (shown as links, never fetched). */
  attachments: TraceAttachment[];
}

type ToolResult = Extract<Trace, { kind: "tool_result" }>;

/** How a tool call ended, in a word: its outcome when the agent said, else ok or failed. */
function ending(result: ToolResult): string {
  if (result.outcome && result.outcome !== "completed") return result.outcome;
  return result.isError ? "failed" : "ok";
}

function json(value: unknown): string {
  try {
    return JSON.stringify(value, null, 2) ?? String(value);
  } catch {
    return String(value);
  }
}

const VOICE_STAGE_WORDS: Record<VoiceStage, string> = {
  end_of_speech: "End of speech",
  speech_to_text: "Speech to text",
  text_to_speech: "Text to speech: first audio",
};

const ms = (value: number) => (value >= 1000 ? `${(value / 1000).toFixed(2)} s` : `${Math.round(value)} ms`);

export function traceRows(entries: readonly TraceEntry[], origin: number): TraceRow[] {
  const results = new Map<string, ToolResult>();
  for (const { trace } of entries) if (trace.kind === "tool_result") results.set(trace.callId, trace);
  const calls = new Set(entries.flatMap(({ trace }) => (trace.kind === "tool_call" ? [trace.callId] : [])));
  const rows: TraceRow[] = [];
  for (const { seq, trace } of entries) {
    const base = {
      seq,
      kind: trace.kind,
      startMs: trace.at - origin,
      durationMs: null,
      isError: false,
      detail: null,
      attachments: [] as TraceAttachment[],
    };
    switch (trace.kind) {
      case "milestone":
        rows.push({ ...base, label: trace.text, facts: [], body: [] });
        break;
      case "reasoning":
        rows.push({ ...base, label: "Reasoning", detail: trace.rationale, facts: [], body: [] });
        break;
      case "tool_call": {
        const result = results.get(trace.callId);
        rows.push({
          ...base,
          label: `Tool ${trace.name}`,
          durationMs: result ? result.durationMs : null,
          isError: result?.isError ?? false,
          facts: [
            ...(trace.mcp ? [`MCP ${trace.mcp.server}: ${trace.mcp.tool}`] : []),
            ...(result ? [ms(result.durationMs), ending(result)] : ["running"]),
          ],
          body: [
            { title: "Input", text: json(trace.input) },
            ...(result ? [{ title: "Output", text: result.output }] : []),
          ],
          attachments: result?.attachments ?? [],
        });
        break;
      }
      case "tool_result":
        // Shown with its call; a result whose call was not received still gets its own row.
        if (!calls.has(trace.callId)) {
          rows.push({
            ...base,
            startMs: trace.at - origin - trace.durationMs,
            durationMs: trace.durationMs,
            isError: trace.isError,
            label: `Tool ${trace.name} result`,
            facts: [ms(trace.durationMs), ending(trace)],
            body: [{ title: "Output", text: trace.output }],
            attachments: trace.attachments ?? [],
          });
        }
        break;
      case "model_call":
        rows.push({
          ...base,
          startMs: trace.at - origin - trace.latencyMs,
          durationMs: trace.latencyMs,
          isError: trace.stopReason === "error",
          label: `Model ${trace.model}`,
          facts: [
            `TTFT ${trace.timeToFirstTokenMs === null ? "none" : ms(trace.timeToFirstTokenMs)}`,
            `latency ${ms(trace.latencyMs)}`,
            `${trace.inputTokens} in / ${trace.outputTokens} out tokens`,
            trace.stopReason,
          ],
          body: [],
        });
        break;
      case "interruption":
        rows.push({
          ...base,
          label: `Interrupted (${trace.reason})`,
          facts: [
            `${trace.partialChars} chars kept`,
            ...(trace.playedMs === undefined ? [] : [`${ms(trace.playedMs)} of speech heard`]),
          ],
          body: trace.heard === undefined ? [] : [{ title: "Heard", text: trace.heard }],
        });
        break;
      case "voice":
        rows.push({
          ...base,
          label: VOICE_STAGE_WORDS[trace.stage],
          detail: trace.text ?? null,
          facts: [
            trace.stage === "end_of_speech"
              ? `detected ${ms(trace.latencyMs)} later`
              : `${ms(trace.latencyMs)} after the end of speech`,
            trace.engine,
          ],
          body: [],
        });
        break;
      case "approval":
        rows.push({ ...base, label: `Approval ${trace.decision}: ${trace.tool}`, facts: [], body: [] });
        break;
    }
  }
  return rows;
}

export { ms as formatMs };
