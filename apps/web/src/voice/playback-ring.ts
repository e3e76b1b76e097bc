/**
 * The playback worklet's ring buffer: answer audio (floats at the context's rate) appended as it arrives and
 * read 128 samples at a time by the audio thread, cleared at once on barge-in. It counts what it actually
 * played, which is what the playback mark tells the agent the user heard. Pure, so it is tested without a
 * browser.
 */

export class PlaybackRing {
  private readonly buffer: Float32Array;
  private readStart = 0;
  private length = 0;
  /** Samples played since the last `reset`. */
  played = 0;
  /** Samples dropped because the ring was full (the agent paces its audio, so this should stay 0). */
  overflowed = 0;

  constructor(capacity: number) {
    this.buffer = new Float32Array(capacity);
  }

  get queued(): number {
    return this.length;
  }

  append(samples: Float32Array): void {
    for (let i = 0; i < samples.length; i++) {
      if (this.length === this.buffer.length) {
        this.overflowed += samples.length - i;
        return;
      }
      this.buffer[(this.readStart + this.length) % this.buffer.length] = samples[i] ?? 0;
      this.length++;
    }
  }

  /** Fills `out` with the next samples (silence past the end); returns how many were real audio. */
  read(out: Float32Array): number {
    const count = Math.min(out.length, this.length);
    for (let i = 0; i < count; i++) out[i] = this.buffer[(this.readStart + i) % this.buffer.length] ?? 0;
    out.fill(0, count);
    this.readStart = (this.readStart + count) % this.buffer.length;
    this.length -= count;
    this.played += count;
    return count;
  }

  /** Drops everything queued (barge-in, Stop): it is never played. */
  clear(): void {
    this.readStart = 0;
    this.length = 0;
  }

  /** A new answer starts: its count starts at 0. */
  reset(): void {
    this.clear();
    this.played = 0;
    this.overflowed = 0;
  }
}
