/** Incremental block splitting: same result chunk by chunk as in one go, and never inside a code fence. */
import { describe, expect, it } from "vitest";
import { EMPTY_SPLIT, splitBlocks } from "./markdown-blocks.ts";

const DOC = [
  "# Title\n\nFirst paragraph\nstill first.\n\n",
  "```ts\nconst a = 1;\n\nconst b = 2;\n```\n\n",
  "- one\n- two\n\n  continued item\n\n",
  "| a | b |\n|---|---|\n| 1 | 2 |\n\nLast words",
].join("");

describe("splitBlocks", () => {
  it("cuts at blank lines outside fences, keeping indented continuations with their block", () => {
    const split = splitBlocks(EMPTY_SPLIT, DOC);
    const all = [...split.blocks, DOC.slice(split.tailStart)];
    expect(all.join("")).toBe(DOC);
    expect(all.map((b) => b.split("\n")[0])).toEqual([
      "# Title",
      "First paragraph",
      "```ts",
      "- one",
      "| a | b |",
      "Last words",
    ]);
    expect(all[2]).toContain("const b = 2;");
    expect(all[3]).toContain("continued item");
  });

  it("gives the same blocks when fed chunk by chunk", () => {
    let split = EMPTY_SPLIT;
    for (let i = 1; i <= DOC.length; i += 7) split = splitBlocks(split, DOC.slice(0, i));
    split = splitBlocks(split, DOC);
    expect(split.blocks).toEqual(splitBlocks(EMPTY_SPLIT, DOC).blocks);
  });

  it("starts over when the text is replaced rather than extended", () => {
    const first = splitBlocks(EMPTY_SPLIT, "a\n\nb\n\nc");
    const replaced = splitBlocks(first, "x\n\ny");
    expect([...replaced.blocks, "x\n\ny".slice(replaced.tailStart)]).toEqual(["x\n\n", "y"]);
  });
});
