/**
 * Keeps non-chunk stream messages within MAX_FRAME_BYTES. Chunks are split by splitForFrames and final
 * answers are sent in parts by the session (splitFinal); what remains are traces and approval requests whose free text or JSON
 * input (a tool's output in Japanese, a long ticket body, an MCP tool's image) can outgrow a frame. Images
 * are summarised in a line of text, then those fields are shortened, marked with "…", until the message fits; the broker still gets the shortened message (the model never
 * sees these frames, so nothing it needs is lost).
 */
import {
  jsonByteLength,
  MAX_FRAME_BYTES,
  type StreamMessage,
  splitText,
  type ToolResultTrace,
  type TraceAttachment,
} from "@interject/protocol";

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

function shorten(text: string, maxBytes: number): string {
  if (maxBytes < 8) return "…";
  const piece = splitText(text, maxBytes - 3)[0] ?? "";
  return piece.length < text.length ? `${piece}…` : piece;
}

/** A JSON value replaced by a preview of its text when it is too large. */
function shortenJson(value: Json, maxBytes: number): Json {
  const text = JSON.stringify(value);
  if (jsonByteLength(value) <= maxBytes) return value;
  return { truncated: shorten(text, Math.max(8, maxBytes - 20)) };
}

/** An image's size in bytes from its base64 length. */
const imageBytes = (data: string) => Math.floor((data.length * 3) / 4);

/**
 * A tool result's images that make it too large are summarised in its output, largest first, until it fits;
 * links go only when nothing else is left to cut (the output is shortened after this, by the caller).
 */
function fitAttachments(trace: ToolResultTrace, over: (t: ToolResultTrace) => number): ToolResultTrace {
  let current = trace;
  const attachments = [...(trace.attachments ?? [])];
  const images = attachments.filter((a) => a.type === "image").sort((a, b) => b.data.length - a.data.length);
  for (const image of images) {
    if (over(current) <= 0) return current;
    attachments.splice(attachments.indexOf(image), 1);
    const note = `[image (${image.mimeType}), ${imageBytes(image.data)} bytes, too large for the trace]`;
    const output = current.output ? `${current.output.slice(0, 3999 - note.length)}\n${note}` : note;
    current = withAttachments({ ...current, output }, attachments);
  }
  // Links are small unless a server sends thousands of characters each: keep as many as fit with the output.
  const outputRoom = jsonByteLength(current.output);
  while (attachments.length > 0 && over(current) > outputRoom - 16) {
    attachments.pop();
    current = withAttachments(current, attachments);
  }
  return current;
}

function withAttachments(trace: ToolResultTrace, attachments: TraceAttachment[]): ToolResultTrace {
  const { attachments: _old, ...rest } = trace;
  return attachments.length > 0 ? { ...rest, attachments: [...attachments] } : rest;
}

/** Returns `message` unchanged when it fits, else a copy with its long fields shortened to fit. */
export function fitFrame(message: StreamMessage, maxBytes = MAX_FRAME_BYTES): StreamMessage {
  // Measured with the largest seq, like splitForFrames, so the caller may number it afterwards.
  const size = (m: StreamMessage) => jsonByteLength({ ...m, seq: Number.MAX_SAFE_INTEGER });
  let excess = size(message) - maxBytes;
  if (excess <= 0) return message;
  if (message.type === "approval_request") {
    const input = jsonByteLength(message.input);
    const fitted = { ...message, input: shortenJson(message.input as Json, Math.max(8, input - excess)) };
    excess = size(fitted) - maxBytes;
    return excess <= 0
      ? fitted
      : { ...fitted, summary: shorten(fitted.summary, jsonByteLength(fitted.summary) - excess) };
  }
  if (message.type !== "trace") return message;
  const trace = message.trace;
  switch (trace.kind) {
    case "tool_result": {
      const fitted = fitAttachments(trace, (t) => size({ ...message, trace: t }) - maxBytes);
      excess = size({ ...message, trace: fitted }) - maxBytes;
      if (excess <= 0) return { ...message, trace: fitted };
      return {
        ...message,
        trace: { ...fitted, output: shorten(fitted.output, jsonByteLength(fitted.output) - 2 - excess) },
      };
    }
    case "reasoning":
      return {
        ...message,
        trace: {
          ...trace,
          rationale: shorten(trace.rationale, jsonByteLength(trace.rationale) - 2 - excess),
        },
      };
    case "tool_call":
      return {
        ...message,
        trace: {
          ...trace,
          input: shortenJson(trace.input as Json, Math.max(8, jsonByteLength(trace.input) - excess)),
        },
      };
    default:
      return message;
  }
}
