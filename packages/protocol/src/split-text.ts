/**
 * Splitting text across frames so that no serialized frame exceeds the frame limit. Sizes are exact: each
 * code point is measured as JSON.stringify escapes it and UTF-8 encodes it, and surrogate pairs are never
 * cut in half.
 */
import { MAX_FRAME_BYTES } from "./limits.ts";

const encoder = new TextEncoder();

/** Bytes that one code point takes inside a JSON string literal, UTF-8 encoded. */
function jsonCodePointBytes(codePoint: number): number {
  if (codePoint === 0x22 || codePoint === 0x5c) return 2; // \" and \\
  if (
    codePoint === 0x08 ||
    codePoint === 0x09 ||
    codePoint === 0x0a ||
    codePoint === 0x0c ||
    codePoint === 0x0d
  ) {
    return 2; // \b \t \n \f \r
  }
  if (codePoint < 0x20) return 6; // \u00XX
  if (codePoint < 0x80) return 1;
  if (codePoint < 0x800) return 2;
  if (codePoint >= 0xd800 && codePoint <= 0xdfff) return 6; // a lone surrogate is escaped as \uXXXX
  if (codePoint < 0x10000) return 3;
  return 4;
}

/** The size in bytes of `value` serialized as JSON and UTF-8 encoded. */
export function jsonByteLength(value: unknown): number {
  return encoder.encode(JSON.stringify(value)).byteLength;
}

/**
 * Splits `text` into pieces whose JSON-escaped, UTF-8 size is at most `maxBytes` each. Joining the pieces
 * gives back `text` exactly. Empty text gives no pieces.
 */
export function splitText(text: string, maxBytes: number): string[] {
  if (!Number.isInteger(maxBytes) || maxBytes < 6) {
    throw new RangeError(
      `maxBytes must be an integer of at least 6 (one escaped character), got ${maxBytes}`,
    );
  }
  const pieces: string[] = [];
  let start = 0;
  let used = 0;
  let index = 0;
  while (index < text.length) {
    const codePoint = text.codePointAt(index) ?? 0;
    const width = codePoint > 0xffff ? 2 : 1;
    const bytes = jsonCodePointBytes(codePoint);
    if (used + bytes > maxBytes) {
      pieces.push(text.slice(start, index));
      start = index;
      used = 0;
    }
    used += bytes;
    index += width;
  }
  if (index > start) pieces.push(text.slice(start));
  return pieces;
}

/**
 * Splits `text` into the `data` of messages shaped like `envelope`, so that every serialized message fits in
 * `maxFrameBytes`. The envelope is measured with its `seq` at the largest possible value, so the pieces fit
 * whatever seq each one is later given.
 */
export function splitForFrames(
  text: string,
  envelope: Record<string, unknown>,
  maxFrameBytes: number = MAX_FRAME_BYTES,
): string[] {
  const overhead = jsonByteLength({ ...envelope, seq: Number.MAX_SAFE_INTEGER, data: "" });
  const budget = maxFrameBytes - overhead;
  if (budget < 6) {
    throw new RangeError(
      `the envelope alone takes ${overhead} of the ${maxFrameBytes} bytes a frame may have`,
    );
  }
  return splitText(text, budget);
}

export interface FinalPiece {
  text: string;
  /** Absent when the whole text fits one frame. */
  part?: number;
  parts?: number;
}

/**
 * Cuts the text of a final message (`complete.fullResponse`, `interrupted.partialResponse`) into as many
 * messages shaped like `envelope` as it needs, each within `maxFrameBytes`. Text that fits one frame gives
 * one piece without part numbers, so short answers look exactly as plain clients expect.
 */
export function splitFinal(
  text: string,
  envelope: Record<string, unknown>,
  field: "fullResponse" | "partialResponse",
  maxFrameBytes: number = MAX_FRAME_BYTES,
): FinalPiece[] {
  const whole = jsonByteLength({ ...envelope, seq: Number.MAX_SAFE_INTEGER, [field]: text });
  if (whole <= maxFrameBytes) return [{ text }];
  const widest = { ...envelope, seq: Number.MAX_SAFE_INTEGER, part: 999_999, parts: 999_999, [field]: "" };
  const budget = maxFrameBytes - jsonByteLength(widest);
  if (budget < 6) {
    throw new RangeError(
      `the envelope alone takes ${maxFrameBytes - budget} of the ${maxFrameBytes} bytes a frame may have`,
    );
  }
  const pieces = splitText(text, budget);
  return pieces.map((piece, index) => ({ text: piece, part: index + 1, parts: pieces.length }));
}
