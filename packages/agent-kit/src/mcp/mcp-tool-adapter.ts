/**
 * An MCP server's tool as a kit tool: its JSON Schema input, the approval rule of @interject/mcp-tools (with
 * a summary saying why a person is asked), progress notifications as milestones, the abort signal passed on
 * (Stop sends notifications/cancelled), and its result split into what the model gets (every text in full,
 * a line for each image and link) and what the trace shows (text cut by `resultForTrace`, images inline from
 * their data, links as links).
 */
import {
  type McpProgress,
  type McpResultPart,
  type McpTool,
  type McpToolResult,
  resultForTrace,
} from "@interject/mcp-tools";
import { TRACE_IMAGE_TYPES, type TraceAttachment } from "@interject/protocol";
import type { JsonSchemaTool, ToolOutput } from "../tools/tool.ts";

/** Text of a result kept in its trace (the model gets all of it). */
export const MCP_TRACE_TEXT_CHARS = 2000;
/**
 * Decoded bytes of an image a trace may carry: its base64 (a third more) must leave room in an 8 KB frame for
 * the rest of the result. Larger images become a line of text, and `fitFrame` summarises any that still do
 * not fit beside the text.
 */
export const MCP_TRACE_IMAGE_BYTES = 4096;

const RASTER = new Set<string>(TRACE_IMAGE_TYPES);

const approxBytes = (base64: string) => Math.floor((base64.length * 3) / 4);

function firstSentence(text: string): string {
  const sentence = text.split(/(?<=[.!?])\s/)[0] ?? text;
  return sentence.length > 200 ? `${sentence.slice(0, 199)}…` : sentence;
}

/** Why this call waits for the user, in words, for the approval card. */
export function approvalSummary(tool: McpTool): string {
  const why =
    tool.annotations.destructiveHint === true
      ? "the server marks it as changing or deleting things"
      : "the agent's MCP configuration asks for approval";
  const title = tool.annotations.title ? ` (${tool.annotations.title})` : "";
  return `Run ${tool.toolName}${title} on the MCP server "${tool.serverName}": ${firstSentence(tool.description)} Approval is needed because ${why}.`;
}

function progressText(tool: McpTool, progress: McpProgress): string {
  const count =
    progress.total === undefined ? `${progress.progress}` : `${progress.progress} of ${progress.total}`;
  return `${tool.toolName} on ${tool.serverName}: ${progress.message ?? "in progress"} (${count})`;
}

/** A part as the model reads it: text as it is, images and links as a line each. */
function forModel(part: McpResultPart): string {
  switch (part.type) {
    case "text":
      return part.text;
    case "image":
      return `[image (${part.mimeType}), ${approxBytes(part.data)} bytes, shown to the user in the trace]`;
    case "resource_link":
      return `[resource ${part.name}: ${part.uri}${part.description ? ` (${part.description})` : ""}]`;
  }
}

/** The result for the trace: its text parts joined (each cut), images and links as attachments. */
function forTrace(result: McpToolResult): NonNullable<ToolOutput["trace"]> {
  const lines: string[] = [];
  const attachments: TraceAttachment[] = [];
  const parts = resultForTrace(result, {
    maxTextChars: MCP_TRACE_TEXT_CHARS,
    maxImageBytes: MCP_TRACE_IMAGE_BYTES,
  });
  for (const part of parts) {
    if (part.type === "text") lines.push(part.text);
    else if (part.type === "image" && RASTER.has(part.mimeType) && /^[A-Za-z0-9+/]+={0,2}$/.test(part.data)) {
      attachments.push({
        type: "image",
        mimeType: part.mimeType as (typeof TRACE_IMAGE_TYPES)[number],
        data: part.data,
      });
    } else if (part.type === "image") {
      lines.push(`[image (${part.mimeType.slice(0, 64)}), ${approxBytes(part.data)} bytes, not shown]`);
    } else {
      attachments.push({
        type: "resource_link",
        uri: part.uri.slice(0, 2048),
        name: part.name.slice(0, 256) || "resource",
        ...(part.mimeType ? { mimeType: part.mimeType.slice(0, 128) } : {}),
        ...(part.description ? { description: part.description.slice(0, 500) } : {}),
      });
    }
  }
  return {
    output: lines.join("\n").slice(0, 4000),
    ...(attachments.length > 0 ? { attachments: attachments.slice(0, 16) } : {}),
  };
}

export function toolOutput(result: McpToolResult): ToolOutput {
  return {
    text: result.content.map(forModel).join("\n"),
    isError: result.isError,
    outcome: result.outcome,
    trace: forTrace(result),
  };
}

export function adaptMcpTool(tool: McpTool): JsonSchemaTool {
  return {
    name: tool.name,
    description: tool.description,
    inputSchema: tool.inputSchema,
    milestone: `Running ${tool.toolName} on ${tool.serverName}`.slice(0, 200),
    mcp: { server: tool.serverName, tool: tool.toolName },
    ...(tool.needsApproval ? { approval: () => approvalSummary(tool) } : {}),
    async run(input, { signal, progress }) {
      const result = await tool.call(input, {
        signal,
        onProgress: (p) => progress(progressText(tool, p)),
      });
      return toolOutput(result);
    },
  };
}
