/**
 * What the user heard of a spoken answer, as a prefix of the answer's text: the pieces the engine spoke
 * (sentences, in order, each a substring of the text) with the samples each one took, and the samples the
 * client says it played (`playback_mark`). Pieces played to their end are heard whole; of the piece cut off,
 * the share of its words in proportion to the share of its samples played. Being a prefix of the streamed
 * text, it is exactly what an interrupted turn keeps (`interrupted.partialResponse`, the history, the model's
 * next context).
 */

export interface SpokenPiece {
  /** The piece as written in the answer (Markdown included), trimmed. */
  text: string;
  /** Samples of audio the engine produced for it. */
  samples: number;
}

/** The end offset in `text` of the first `words` words of `text` from `from` (to `to`). */
function afterWords(text: string, from: number, to: number, words: number): number {
  const pattern = /\S+/g;
  pattern.lastIndex = from;
  let end = from;
  for (let i = 0; i < words; i++) {
    const match = pattern.exec(text);
    if (!match || match.index >= to) break;
    end = Math.min(to, match.index + match[0].length);
  }
  return end;
}

/**
 * The prefix of `streamed` the user heard after `played` samples of audio. Text the engine had not reached
 * (pieces not yet spoken) is never heard; a piece that cannot be found in the text (it should not happen)
 * stops the count where it was.
 */
export function heardPrefix(streamed: string, pieces: readonly SpokenPiece[], played: number): string {
  let cursor = 0;
  let left = Math.max(0, played);
  for (const piece of pieces) {
    if (left <= 0) break;
    const start = streamed.indexOf(piece.text, cursor);
    if (start < 0 || piece.text === "") break;
    const end = start + piece.text.length;
    if (left >= piece.samples) {
      cursor = end;
      left -= piece.samples;
      continue;
    }
    const words = piece.text.split(/\s+/).filter(Boolean).length;
    const count = Math.floor((words * left) / piece.samples);
    if (count > 0) cursor = afterWords(streamed, start, end, count);
    break;
  }
  return streamed.slice(0, cursor);
}

/** The pieces of an answer as its audio arrives: samples are added to the piece they speak. */
export class SpokenPieces {
  readonly pieces: SpokenPiece[] = [];
  private lastIndex = -1;
  /** Samples produced so far, over every piece. */
  totalSamples = 0;

  /** Adds audio of piece number `index` (pieces come in order); true when it starts a new piece. */
  add(index: number, text: string, samples: number): boolean {
    this.totalSamples += samples;
    const last = this.pieces.at(-1);
    if (last && index === this.lastIndex) {
      last.samples += samples;
      return false;
    }
    this.lastIndex = index;
    this.pieces.push({ text: text.trim(), samples });
    return true;
  }
}
