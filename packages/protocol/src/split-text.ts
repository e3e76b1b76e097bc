/**
 * Splitting text across frames so that no serialized frame exceeds the frame limit. Sizes are exact: each
 * code point is measured as JSON.stringify escapes it and UTF-8 encodes it, and surrogate pairs are never
 * cut in half.
 */
import { MAX_FRAME_BYTES } from "./limits.ts";

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

/**
 * The UTF-8 size of `text` in bytes, as TextEncoder would encode it (a lone surrogate becomes U+FFFD, three
 * bytes), counted without encoding: this runs for every frame, and allocating a copy each time shows up.
 */
export function utf8ByteLength(text: string): number {
  let bytes = text.length;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit < 0x80) continue;
    if (unit < 0x800) bytes += 1;
    else if (
      unit >= 0xd800 &&
      unit <= 0xdbff &&
      i + 1 < text.length &&
      (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00
    ) {
      bytes += 2; // a pair: two units, four bytes
      i++;
    } else bytes += 2;
  }
  return bytes;
}

/** The size in bytes of `value` serialized as JSON and UTF-8 encoded. */
export function jsonByteLength(value: unknown): number {
  return utf8ByteLength(JSON.stringify(value) ?? "");
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
  // No UTF-16 unit takes more than 6 bytes escaped: a short text (every streamed word) fits as it is.
  if (text.length > 0 && text.length * 6 <= budget) return [text];
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
