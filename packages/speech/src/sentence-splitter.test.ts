/** Sentence splitting while text streams: pieces come as soon as they end, nothing is lost. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { SentenceSplitter, speakableText } from "./sentence-splitter.ts";

/** Feeds `text` in the given pieces and collects everything the splitter emits. */
function split(chunks: string[], options = {}): string[] {
  const splitter = new SentenceSplitter(options);
  return [...chunks.flatMap((c) => splitter.push(c)), ...splitter.flush()];
}

describe("SentenceSplitter", () => {
  it("emits a sentence as soon as the space after its full stop arrives", () => {
    const splitter = new SentenceSplitter();
    expect(splitter.push("It is ten past four")).toEqual([]);
    expect(splitter.push(".")).toEqual([]);
    expect(splitter.push(" The")).toEqual(["It is ten past four."]);
    expect(splitter.push(" clock says so! Done")).toEqual(["The clock says so!"]);
    expect(splitter.flush()).toEqual(["Done"]);
  });

  it("lets the first piece end at a clause boundary, once it is long enough, so speech starts early", () => {
    const words = "I'm Interject's offline model: I run without any network, and answer from my tools.".split(
      /(?= )/,
    );
    expect(split(words)).toEqual([
      "I'm Interject's offline model:",
      "I run without any network, and answer from my tools.",
    ]);
    expect(split(["Yes, it does. Then, later."])).toEqual(["Yes, it does.", "Then, later."]);
  });

  it("does not end sentences at abbreviations, decimals or list numbers", () => {
    expect(split(["Use e.g. the clock. It costs 1.5 euros. Next."])).toEqual([
      "Use e.g. the clock.",
      "It costs 1.5 euros.",
      "Next.",
    ]);
    expect(split(["1. First item\n2. Second item\n"])).toEqual(["1. First item", "2. Second item"]);
  });

  it("ends pieces at line breaks (Markdown headings have no full stop)", () => {
    expect(split(["### How I work\n\nI run offline"])).toEqual(["### How I work", "I run offline"]);
  });

  it("cuts a long run without any boundary at a space", () => {
    const pieces = split(["word ".repeat(100)], { maxChars: 50 });
    expect(pieces.length).toBeGreaterThan(5);
    expect(pieces.every((p) => p.length <= 50)).toBe(true);
  });

  it("loses no word and emits no empty piece, however the text is streamed", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.constantFrom("Hello", "world", "e.g.", "1.5", ",", ".", "!", "?", ":", " ", "\n", "—", "a."),
          {
            maxLength: 80,
          },
        ),
        fc.array(fc.integer({ min: 1, max: 12 }), { minLength: 1, maxLength: 30 }),
        (tokens, sizes) => {
          const text = tokens.join("");
          const chunks: string[] = [];
          for (let at = 0, i = 0; at < text.length; i++) {
            const size = sizes[i % sizes.length] ?? 1;
            chunks.push(text.slice(at, at + size));
            at += size;
          }
          const pieces = split(chunks);
          expect(pieces.every((p) => p.length > 0 && p === p.trim())).toBe(true);
          expect(pieces.join(" ").split(/\s+/).filter(Boolean)).toEqual(text.split(/\s+/).filter(Boolean));
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe("speakableText", () => {
  it("drops Markdown a voice should not read", () => {
    expect(speakableText("**Resume**: see `afterSeq` in [the docs](https://x.example/a).")).toBe(
      "Resume : see afterSeq in the docs.",
    );
    expect(speakableText("### How I produced this answer")).toBe("How I produced this answer");
    expect(speakableText("- item one")).toBe("item one");
    expect(speakableText("```\ncode\n```")).toBe("");
    expect(speakableText("---")).toBe("");
  });
});
