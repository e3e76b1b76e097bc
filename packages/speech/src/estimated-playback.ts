/**
 * The agent's side of the echo reference: the agent cannot hear the client's speaker, but it knows what audio
 * it sent and, from its pacing, when the client plays it. This replays that schedule on the agent's clock
 * into a `PlaybackLevel`, so the agent's own barge-in detector judges the microphone against the echo of what
 * is playing, as the client's does (with the network's delay as extra uncertainty, which the echo tail covers).
 */
import { PlaybackLevel } from "./vad.ts";

interface Scheduled {
  /** When the first sample plays (clock ms). */
  startMs: number;
  samples: Int16Array;
  sampleRate: number;
}

export class EstimatedPlayback {
  private readonly level: PlaybackLevel;
  private readonly queue: Scheduled[] = [];
  /** Up to when (clock ms) the reference has been fed. */
  private fedUntil: number | null = null;

  constructor(tailMs?: number) {
    this.level = new PlaybackLevel(tailMs);
  }

  /** Audio that starts playing at `startMs` (the chunks of one answer follow each other). */
  schedule(samples: Int16Array, sampleRate: number, startMs: number): void {
    this.queue.push({ startMs, samples, sampleRate });
  }

  /** Playback stopped (cut off or finished early): nothing scheduled plays any more. */
  clear(): void {
    this.queue.length = 0;
  }

  /** The reference as of `nowMs`: what played since the last call is fed in (silence where nothing did). */
  levelAt(nowMs: number): number {
    const from = this.fedUntil ?? nowMs;
    this.fedUntil = nowMs;
    let at = from;
    while (at < nowMs) {
      const next = this.queue[0];
      if (!next || next.startMs >= nowMs) {
        this.silence(nowMs - at);
        break;
      }
      if (next.startMs > at) {
        this.silence(next.startMs - at);
        at = next.startMs;
      }
      const perMs = next.sampleRate / 1000;
      const offset = Math.max(0, Math.round((at - next.startMs) * perMs));
      const until = Math.min(next.samples.length, Math.round((nowMs - next.startMs) * perMs));
      if (until > offset) this.level.push(next.samples.subarray(offset, until), next.sampleRate);
      if (until >= next.samples.length) {
        this.queue.shift();
        at = next.startMs + next.samples.length / perMs;
      } else {
        at = nowMs;
      }
    }
    return this.level.levelDbfs;
  }

  private silence(ms: number): void {
    if (ms > 0) this.level.push(new Int16Array(Math.round(ms * 16)), 16_000);
  }
}
