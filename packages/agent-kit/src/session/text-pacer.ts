/**
 * A turn's text on its way out. Text goes out at most once per `intervalMs`: the first words at once, then
 * what the model wrote meanwhile as one chunk (0 sends every piece as it comes), split so no chunk frame
 * exceeds MAX_FRAME_BYTES. Text still waiting is not sent yet, so an interruption drops it and the partial
 * answer stays exactly what the client received.
 */
import { jsonByteLength, MAX_FRAME_BYTES, splitForFrames } from "@interject/protocol";

export class TextPacer {
  private pending = "";
  private lastSentAt = Number.NEGATIVE_INFINITY;
  private timer: NodeJS.Timeout | null = null;
  private readonly envelope: { type: "chunk"; turnId: string };
  /** Room for text in one chunk frame of this turn: a streamed word that surely fits is sent as it is. */
  private readonly room: number;

  constructor(
    turnId: string,
    private readonly intervalMs: number,
    private readonly now: () => number,
    /** Sends one chunk's text; the pacer only calls it while `live()` holds. */
    private readonly send: (data: string) => void,
    private readonly live: () => boolean,
  ) {
    this.envelope = { type: "chunk", turnId };
    this.room =
      MAX_FRAME_BYTES - jsonByteLength({ ...this.envelope, seq: Number.MAX_SAFE_INTEGER, data: "" });
  }

  push(text: string): void {
    if (text === "" || !this.live()) return;
    if (this.intervalMs === 0) {
      this.sendNow(text);
      return;
    }
    this.pending += text;
    if (this.timer) return;
    const wait = this.lastSentAt + this.intervalMs - this.now();
    if (wait <= 0) this.flush();
    else this.timer = setTimeout(() => this.flush(), wait);
  }

  /** Sends what waits now (before a trace, an approval or the end, so the order never changes). */
  flush(): void {
    const text = this.pending;
    this.drop();
    if (text === "" || !this.live()) return;
    this.lastSentAt = this.now();
    this.sendNow(text);
  }

  /** Forgets what waits (the turn was interrupted or the session ended). */
  drop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.pending = "";
  }

  private sendNow(text: string): void {
    // At most 6 bytes a UTF-16 unit once escaped: short text surely fits, longer text is measured and split.
    const pieces =
      text.length * 6 <= this.room ? [text] : splitForFrames(text, this.envelope, MAX_FRAME_BYTES);
    for (const data of pieces) this.send(data);
  }
}
