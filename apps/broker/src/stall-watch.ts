/**
 * Watches the event loop: a warning when it was blocked for over a second during the last interval (a
 * long synchronous database call, a giant JSON body, a GC pause). Everything the broker serves waits while
 * it is blocked, so this is the first thing to look for when requests time out under load.
 */
import { monitorEventLoopDelay } from "node:perf_hooks";
import type { Logger } from "pino";

export function watchEventLoop(log: Logger, everyMs = 5000, thresholdMs = 1000): () => void {
  const histogram = monitorEventLoopDelay({ resolution: 20 });
  histogram.enable();
  const timer = setInterval(() => {
    const maxMs = histogram.max / 1e6;
    if (maxMs > thresholdMs) {
      log.warn(
        { maxMs: Math.round(maxMs), p99Ms: Math.round(histogram.percentile(99) / 1e6) },
        "event loop was blocked",
      );
    }
    histogram.reset();
  }, everyMs);
  timer.unref();
  return () => {
    clearInterval(timer);
    histogram.disable();
  };
}
