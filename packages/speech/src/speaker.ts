/**
 * Speaking text while it is still being written: the text stream is read on its own (so the model is never
 * held up by the voice), cut into pieces by the sentence splitter, and each piece is synthesised in turn
 * as soon as the one before it is done. Every audio chunk says which piece it speaks, so what the user
 * heard can be told from how many samples were played. Aborting stops reading, kills the synthesis and
 * yields nothing more.
 */
import type { SpeechSynthesizer } from "./engine.ts";
import { EventQueue } from "./event-queue.ts";
import { SentenceSplitter, type SentenceSplitterOptions, speakableText } from "./sentence-splitter.ts";

export interface SpokenChunk {
  samples: Int16Array;
  /** The piece of the answer (as written, Markdown included) these samples speak. */
  text: string;
  /** 0 for the first piece, 1 for the next... */
  piece: number;
}

export async function* speakStream(
  text: AsyncIterable<string>,
  synthesizer: SpeechSynthesizer,
  signal: AbortSignal,
  splitter: Partial<SentenceSplitterOptions> = {},
): AsyncGenerator<SpokenChunk> {
  const pieces = new EventQueue<string>();
  let failure: unknown = null;
  const reading = (async () => {
    const split = new SentenceSplitter(splitter);
    try {
      for await (const delta of text) {
        if (signal.aborted) break;
        for (const piece of split.push(delta)) pieces.push(piece);
      }
      if (!signal.aborted) for (const piece of split.flush()) pieces.push(piece);
    } catch (error) {
      failure = error;
    } finally {
      pieces.close();
    }
  })();
  const stop = () => pieces.close();
  signal.addEventListener("abort", stop, { once: true });
  try {
    let index = 0;
    for await (const piece of pieces) {
      if (signal.aborted) break;
      const say = speakableText(piece);
      const current = index++;
      if (!say) continue;
      for await (const samples of synthesizer.synthesize(say, signal)) {
        if (signal.aborted) break;
        yield { samples, text: piece, piece: current };
      }
    }
  } finally {
    signal.removeEventListener("abort", stop);
    await reading;
  }
  if (failure !== null && !signal.aborted) throw failure;
}

/**
 * What the user heard of an answer, from the pieces spoken and the samples played: every piece played to
 * its end, then the words of the piece being played in proportion to how much of it was played.
 */
export class HeardText {
  private readonly pieces: Array<{ text: string; samples: number }> = [];

  /** Records audio sent for piece `piece` (pieces arrive in order). */
  add(chunk: Pick<SpokenChunk, "text" | "piece" | "samples">): void {
    const last = this.pieces.at(-1);
    if (last && this.pieces.length - 1 === chunk.piece) last.samples += chunk.samples.length;
    else {
      while (this.pieces.length < chunk.piece) this.pieces.push({ text: "", samples: 0 });
      this.pieces.push({ text: chunk.text, samples: chunk.samples.length });
    }
  }

  /** Samples sent so far. */
  get totalSamples(): number {
    return this.pieces.reduce((n, p) => n + p.samples, 0);
  }

  /** The text heard when `played` samples were played. */
  heard(played: number): string {
    const out: string[] = [];
    let left = played;
    for (const piece of this.pieces) {
      if (left <= 0) break;
      if (left >= piece.samples) {
        if (piece.text) out.push(piece.text);
        left -= piece.samples;
        continue;
      }
      const words = piece.text.split(/\s+/).filter(Boolean);
      const count = Math.floor((words.length * left) / piece.samples);
      if (count > 0) out.push(words.slice(0, count).join(" "));
      break;
    }
    return out.join(" ");
  }
}
