/** Frame splitting: pieces join back to the text, and every serialized frame fits the limit. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  isFinalPart,
  jsonByteLength,
  MAX_FRAME_BYTES,
  parseAgentMessage,
  splitFinal,
  splitForFrames,
  splitText,
  utf8ByteLength,
} from "./index.ts";

const textArb = fc.oneof(
  fc.string({ unit: "grapheme", maxLength: 30_000 }),
  fc.string({ unit: "binary", maxLength: 30_000 }),
  fc.string({
    unit: fc.constantFrom("\\", '"', "\n", "\u0001", "é", "😀", "\u2028", "a"),
    maxLength: 30_000,
  }),
);

describe("utf8ByteLength", () => {
  it("counts exactly what TextEncoder writes, lone surrogates included", () => {
    const encoder = new TextEncoder();
    expect(utf8ByteLength("\ud800x\udc00")).toBe(encoder.encode("\ud800x\udc00").byteLength);
    fc.assert(
      fc.property(
        fc.oneof(
          textArb,
          fc.string({ unit: fc.constantFrom("\ud83d", "\ude00", "a", "é", "中"), maxLength: 200 }),
        ),
        (text) => utf8ByteLength(text) === encoder.encode(text).byteLength,
      ),
    );
  });
});

describe("splitText", () => {
  it("gives nothing for empty text", () => {
    expect(splitText("", 100)).toEqual([]);
  });

  it("never cuts a surrogate pair", () => {
    const pieces = splitText("😀".repeat(10), 8);
    expect(pieces.every((p) => p === "😀" || p === "😀😀")).toBe(true);
    expect(pieces.join("")).toBe("😀".repeat(10));
  });

  it("rejects budgets too small for one escaped character", () => {
    expect(() => splitText("abc", 5)).toThrow(RangeError);
  });

  it("keeps every piece within the budget and loses nothing", () => {
    fc.assert(
      fc.property(textArb, fc.integer({ min: 6, max: 9000 }), (text, budget) => {
        const pieces = splitText(text, budget);
        expect(pieces.join("")).toBe(text);
        for (const piece of pieces) {
          expect(piece.length).toBeGreaterThan(0);
          // The JSON string literal minus its two quotes.
          expect(jsonByteLength(piece) - 2).toBeLessThanOrEqual(budget);
        }
      }),
      { numRuns: 200 },
    );
  });
});

describe("splitForFrames", () => {
  it("keeps every serialized chunk frame at or below 8 KB, whatever the text and seq", () => {
    fc.assert(
      fc.property(textArb, fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }), (text, seq) => {
        const envelope = { type: "chunk", seq: 0, turnId: "t".repeat(128) };
        const pieces = splitForFrames(text, envelope);
        expect(pieces.join("")).toBe(text);
        for (const data of pieces) {
          const frame = JSON.stringify({ ...envelope, seq, data });
          expect(new TextEncoder().encode(frame).byteLength).toBeLessThanOrEqual(MAX_FRAME_BYTES);
          expect(parseAgentMessage(frame).ok).toBe(true);
        }
      }),
      { numRuns: 100 },
    );
  });

  it("refuses an envelope that leaves no room", () => {
    expect(() => splitForFrames("x", { type: "chunk", seq: 1, turnId: "t".repeat(9000) })).toThrow(
      RangeError,
    );
  });
});

describe("splitFinal", () => {
  const envelope = { type: "complete", turnId: "t".repeat(36) };

  it("keeps a short answer in one message without part numbers", () => {
    expect(splitFinal("Hello", envelope, "fullResponse")).toEqual([{ text: "Hello" }]);
  });

  it("cuts a long answer into numbered parts that join back and each fit a frame", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", minLength: 9000, maxLength: 60_000 }), (text) => {
        const pieces = splitFinal(text, envelope, "fullResponse");
        expect(pieces.map((p) => p.text).join("")).toBe(text);
        if (pieces.length === 1) return;
        pieces.forEach((piece, index) => {
          expect(piece).toMatchObject({ part: index + 1, parts: pieces.length });
          const frame = JSON.stringify({
            ...envelope,
            seq: 123,
            fullResponse: piece.text,
            part: piece.part,
            parts: piece.parts,
          });
          expect(new TextEncoder().encode(frame).byteLength).toBeLessThanOrEqual(MAX_FRAME_BYTES);
          const parsed = parseAgentMessage(frame);
          expect(parsed.ok && parsed.value.type === "complete" && isFinalPart(parsed.value)).toBe(
            index === pieces.length - 1,
          );
        });
      }),
      { numRuns: 30 },
    );
  });
});
