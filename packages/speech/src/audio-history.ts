/**
 * The last few hundred milliseconds of the user's audio, addressed by absolute sample index, so that an
 * utterance can be handed to the recogniser from a little before the moment the VAD noticed it.
 */
export class AudioHistory {
  private chunks: Int16Array[] = [];
  private start = 0;
  private end = 0;

  constructor(private readonly capacity: number) {}

  /** Absolute index just after the newest sample. */
  get endIndex(): number {
    return this.end;
  }

  append(samples: Int16Array): void {
    if (samples.length === 0) return;
    this.chunks.push(samples);
    this.end += samples.length;
    while (this.chunks.length > 1 && this.end - this.start - (this.chunks[0]?.length ?? 0) >= this.capacity) {
      this.start += this.chunks.shift()?.length ?? 0;
    }
  }

  /** Samples from absolute index `from` (clamped to what is kept) to the newest. */
  since(from: number): Int16Array {
    const begin = Math.max(from, this.start);
    const out = new Int16Array(Math.max(0, this.end - begin));
    let offset = this.start;
    let written = 0;
    for (const chunk of this.chunks) {
      const chunkEnd = offset + chunk.length;
      if (chunkEnd > begin) {
        const part = chunk.subarray(Math.max(0, begin - offset));
        out.set(part, written);
        written += part.length;
      }
      offset = chunkEnd;
    }
    return out;
  }
}
