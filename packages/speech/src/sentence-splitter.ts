/**
 * Cuts text that is still streaming into pieces to speak, each as soon as it is complete: a sentence ends
 * at . ! ? (after any closing quote or bracket) followed by white space, or at a line break (Markdown
 * headings and list items have no full stop). The first piece of an answer may end earlier, at a clause
 * boundary (, ; : or a dash), so the voice starts while the first sentence is still being written. A run
 * of text with no boundary is cut at a space once it is too long to wait for.
 */

export interface SentenceSplitterOptions {
  /** The first piece may end at a clause boundary once it has at least this many characters. */
  firstPieceMinChars: number;
  /** A piece with no boundary is cut at its last space once it reaches this many characters. */
  maxChars: number;
}

export const DEFAULT_SPLITTER_OPTIONS: SentenceSplitterOptions = { firstPieceMinChars: 16, maxChars: 220 };

/** Abbreviations whose full stop does not end a sentence. */
const ABBREVIATION = /(?:^|[\s(])(?:e\.g|i\.e|etc|vs|cf|mr|mrs|ms|dr|st|no|approx|[a-z])\.$/i;
const SENTENCE_END = /[.!?…]+["'”’)\]]*(?=\s)|\n+/g;
const CLAUSE_END = /[,;:]["'”’)\]]*(?=\s)|\s[-–—]\s/g;

export class SentenceSplitter {
  private readonly options: SentenceSplitterOptions;
  private buffer = "";
  private emitted = 0;

  constructor(options: Partial<SentenceSplitterOptions> = {}) {
    this.options = { ...DEFAULT_SPLITTER_OPTIONS, ...options };
  }

  /** Adds streamed text; returns the pieces it completed (untrimmed text is kept for the next call). */
  push(text: string): string[] {
    this.buffer += text;
    const pieces: string[] = [];
    for (;;) {
      const cut = this.nextCut();
      if (cut === null) break;
      const piece = this.buffer.slice(0, cut).trim();
      this.buffer = this.buffer.slice(cut);
      if (piece) {
        pieces.push(piece);
        this.emitted++;
      }
    }
    return pieces;
  }

  /** The end of the text: returns what is left as a last piece (or nothing). */
  flush(): string[] {
    const piece = this.buffer.trim();
    this.buffer = "";
    if (!piece) return [];
    this.emitted++;
    return [piece];
  }

  /** Index just after the next complete piece in the buffer, or null when none is complete yet. */
  private nextCut(): number | null {
    SENTENCE_END.lastIndex = 0;
    for (let match = SENTENCE_END.exec(this.buffer); match; match = SENTENCE_END.exec(this.buffer)) {
      const end = match.index + match[0].length;
      const before = this.buffer.slice(0, end).trimEnd();
      // "e.g." or "Dr." is no sentence end; a list number ("1.") alone is no piece to speak.
      if (match[0].startsWith(".") && ABBREVIATION.test(before)) continue;
      if (!/\p{L}/u.test(before)) continue;
      return end;
    }
    if (this.emitted === 0) {
      CLAUSE_END.lastIndex = 0;
      for (let match = CLAUSE_END.exec(this.buffer); match; match = CLAUSE_END.exec(this.buffer)) {
        const end = match.index + match[0].length;
        if (this.buffer.slice(0, end).trim().length >= this.options.firstPieceMinChars) return end;
      }
    }
    if (this.buffer.length >= this.options.maxChars) {
      const space = this.buffer.lastIndexOf(" ", this.options.maxChars);
      return space > 0 ? space + 1 : this.options.maxChars;
    }
    return null;
  }
}

/**
 * What a speech synthesizer should say for a piece of Markdown: emphasis, code ticks, heading and list
 * markers, link targets and bare URLs removed. Empty when nothing speakable is left.
 */
export function speakableText(markdown: string): string {
  const text = markdown
    .replace(/```[\s\S]*?(```|$)/g, " ")
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/https?:\/\/\S+/g, " ")
    .replace(/^\s{0,3}(#{1,6}|[-*+>]|\d+[.)])\s+/gm, "")
    .replace(/[*_`~#|]+/g, " ")
    .replace(/\s+/g, " ")
    .trim();
  return /[\p{L}\p{N}]/u.test(text) ? text : "";
}
