/**
 * Turns an MCP CallToolResult into the neutral result: text, images (base64 data) and resource links. Embedded
 * resources become text (their text) or an image (an image blob) or a link (any other blob); audio, which the
 * agent cannot show, becomes a line saying so. A result with only structured content is given as JSON text.
 */
import type { CallToolResult, ContentBlock } from "@modelcontextprotocol/sdk/types.js";
import type { McpResultPart, McpToolResult } from "../tool.ts";

function lastSegment(uri: string): string {
  const path = uri.split(/[?#]/)[0] ?? uri;
  const segment = path.split("/").filter(Boolean).pop();
  return segment ?? uri;
}

function partOf(block: ContentBlock): McpResultPart {
  switch (block.type) {
    case "text":
      return { type: "text", text: block.text };
    case "image":
      return { type: "image", mimeType: block.mimeType, data: block.data };
    case "audio":
      return {
        type: "text",
        text: `[audio (${block.mimeType}), ${Math.floor((block.data.length * 3) / 4)} bytes, not shown]`,
      };
    case "resource_link":
      return {
        type: "resource_link",
        uri: block.uri,
        name: block.name,
        ...(block.mimeType === undefined ? {} : { mimeType: block.mimeType }),
        ...(block.description === undefined ? {} : { description: block.description }),
      };
    case "resource": {
      const r = block.resource;
      if ("text" in r) return { type: "text", text: r.text };
      if (r.mimeType?.startsWith("image/")) return { type: "image", mimeType: r.mimeType, data: r.blob };
      return {
        type: "resource_link",
        uri: r.uri,
        name: lastSegment(r.uri),
        ...(r.mimeType === undefined ? {} : { mimeType: r.mimeType }),
      };
    }
  }
}

export function convertCallResult(result: CallToolResult, durationMs: number): McpToolResult {
  const content = result.content.map(partOf);
  if (content.length === 0 && result.structuredContent !== undefined) {
    content.push({ type: "text", text: JSON.stringify(result.structuredContent) });
  }
  const isError = result.isError === true;
  return {
    outcome: "completed",
    isError,
    content,
    ...(result.structuredContent === undefined ? {} : { structuredContent: result.structuredContent }),
    durationMs,
  };
}

/** A result that is not the tool's answer (cancelled, timed out, unavailable, failed): one text part. */
export function failedResult(
  outcome: Exclude<McpToolResult["outcome"], "completed">,
  text: string,
  durationMs: number,
): McpToolResult {
  return { outcome, isError: true, content: [{ type: "text", text }], durationMs };
}
