/**
 * "At most N frames per second per connection", exactly: the times of the last N frames are kept in a ring,
 * and a frame is one too many when the frame N before it arrived less than a second earlier (N + 1 frames
 * within one second). A fixed window or a token bucket would let up to 2N through across a boundary.
 */
export class FrameRateWindow {
  private readonly times: Float64Array;
  private next = 0;

  constructor(
    maxFrames: number,
    private readonly windowMs = 1000,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.times = new Float64Array(Math.max(1, maxFrames)).fill(Number.NEGATIVE_INFINITY);
  }

  /** Counts a frame; false when it makes more than `maxFrames` within the window. */
  take(): boolean {
    const t = this.now();
    if (t - (this.times[this.next] ?? Number.NEGATIVE_INFINITY) < this.windowMs) return false;
    this.times[this.next] = t;
    this.next = (this.next + 1) % this.times.length;
    return true;
  }
}
