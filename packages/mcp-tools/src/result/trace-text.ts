/**
 * Cutting tool output for traces, never for the model: the model gets the full text; a trace keeps the head
 * and the tail, cut on a line break (or a space) near the limit, without splitting a character, and says how
 * much it left out. Images over a size are replaced by a line saying so.
 */
import type { McpResultPart, McpToolResult } from "../tool.ts";

export const DEFAULT_TRACE_TEXT_CHARS = 2000;
export const DEFAULT_TRACE_IMAGE_BYTES = 256 * 1024;

/** Moves an index off the low half of a surrogate pair, so a cut never splits a character. */
function safeIndex(text: string, i: number): number {
  const code = text.charCodeAt(i);
  return code >= 0xdc00 && code <= 0xdfff ? i - 1 : i;
}

/** A break (newline, else space) in the last fifth before `end`, or `end` itself. */
function breakBefore(text: string, end: number, start: number): number {
  const floor = Math.max(start, end - Math.floor((end - start) / 5));
  const nl = text.lastIndexOf("\n", end);
  if (nl >= floor) return nl;
  const sp = text.lastIndexOf(" ", end);
  return sp >= floor ? sp : end;
}

/** A break (newline, else space) in the first fifth after `start`, or `start` itself. */
function breakAfter(text: string, start: number): number {
  const ceiling = start + Math.floor((text.length - start) / 5);
  const nl = text.indexOf("\n", start);
  if (nl !== -1 && nl <= ceiling) return nl + 1;
  const sp = text.indexOf(" ", start);
  return sp !== -1 && sp <= ceiling ? sp + 1 : start;
}

/** `text` when it fits in `maxChars`; else about 70% head and 25% tail around a marker with the count cut. */
export function cutForTrace(text: string, maxChars = DEFAULT_TRACE_TEXT_CHARS): string {
  if (text.length <= maxChars) return text;
  const headEnd = safeIndex(text, breakBefore(text, Math.floor(maxChars * 0.7), 0));
  const tailStart = safeIndex(text, breakAfter(text, text.length - Math.floor(maxChars * 0.25)));
  const cut = tailStart - headEnd;
  return `${text.slice(0, headEnd)}\n… [${cut} characters cut] …\n${text.slice(tailStart)}`;
}

export interface TraceCutOptions {
  maxTextChars?: number;
  maxImageBytes?: number;
}

/** The result's parts as a trace should carry them. */
export function resultForTrace(result: McpToolResult, options: TraceCutOptions = {}): McpResultPart[] {
  const maxText = options.maxTextChars ?? DEFAULT_TRACE_TEXT_CHARS;
  const maxImage = options.maxImageBytes ?? DEFAULT_TRACE_IMAGE_BYTES;
  return result.content.map((part) => {
    if (part.type === "text") return { type: "text", text: cutForTrace(part.text, maxText) };
    if (part.type === "image") {
      const bytes = Math.floor((part.data.length * 3) / 4);
      if (bytes > maxImage)
        return { type: "text", text: `[image (${part.mimeType}), ${bytes} bytes, too large for the trace]` };
    }
    return part;
  });
}
