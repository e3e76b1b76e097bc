/**
 * Incremental block splitting for streamed Markdown. Re-parsing a whole 100 KB answer on every chunk costs
 * seconds of main-thread time; instead the answer is cut at blank lines outside code fences (where the next
 * line starts a new top-level block), the finished blocks are parsed once and memoised, and only the last,
 * still-growing block is re-rendered per chunk. Each call continues from where the previous one stopped when
 * the new text extends the old one, so the work per chunk is proportional to the chunk.
 */
export interface BlockSplit {
  /** The text the split covers. */
  text: string;
  /** Finished blocks (each ends before a boundary). */
  blocks: string[];
  /** Where the unfinished tail starts. */
  tailStart: number;
  /** Where scanning resumes: the start of the first line not yet examined. */
  scanFrom: number;
  /** Whether `scanFrom` is inside a fenced code block, and its fence marker. */
  fence: string | null;
  /** Whether the previous examined line was blank (outside a fence). */
  afterBlank: boolean;
}

export const EMPTY_SPLIT: BlockSplit = {
  text: "",
  blocks: [],
  tailStart: 0,
  scanFrom: 0,
  fence: null,
  afterBlank: false,
};

const FENCE = /^ {0,3}(`{3,}|~{3,})/;

export function splitBlocks(previous: BlockSplit, text: string): BlockSplit {
  const state: BlockSplit = text.startsWith(previous.text)
    ? { ...previous, blocks: previous.blocks.slice(), text }
    : { ...EMPTY_SPLIT, blocks: [], text };
  let lineStart = state.scanFrom;
  // Only whole lines are examined: the last line may still be growing.
  for (let newline = text.indexOf("\n", lineStart); newline !== -1; newline = text.indexOf("\n", lineStart)) {
    const line = text.slice(lineStart, newline);
    const fence = FENCE.exec(line);
    if (state.fence !== null) {
      if (fence?.[1]?.startsWith(state.fence) && line.trim() === fence[1]) state.fence = null;
      state.afterBlank = false;
    } else if (line.trim() === "") {
      state.afterBlank = true;
    } else {
      // A non-indented line after a blank line starts a new block: everything before it is finished.
      if (state.afterBlank && !/^\s/.test(line) && lineStart > state.tailStart) {
        state.blocks.push(text.slice(state.tailStart, lineStart));
        state.tailStart = lineStart;
      }
      state.afterBlank = false;
      if (fence?.[1]) state.fence = fence[1].slice(0, 3);
    }
    lineStart = newline + 1;
  }
  state.scanFrom = lineStart;
  // A growing last line that already starts a new block (non-indented, after a blank line) closes the previous one.
  const first = text.charAt(lineStart);
  if (
    state.fence === null &&
    state.afterBlank &&
    first !== "" &&
    !/\s/.test(first) &&
    lineStart > state.tailStart
  ) {
    state.blocks.push(text.slice(state.tailStart, lineStart));
    state.tailStart = lineStart;
  }
  return state;
}
