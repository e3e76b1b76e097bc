/** A time budget shared by several waits: each wait gets what is left of it. */
export class Deadline {
  private readonly end: number;

  constructor(readonly ms: number) {
    this.end = Date.now() + ms;
  }

  /** Milliseconds left, at least 1 so that a last read can still find a frame already buffered. */
  get left(): number {
    return Math.max(1, this.end - Date.now());
  }
}
