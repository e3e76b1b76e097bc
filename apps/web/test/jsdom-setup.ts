/**
 * jsdom has no layout engine, so it has no ResizeObserver either. The transcript's stick-to-bottom
 * (use-stick-to-bottom) observes its content's size; in jsdom sizes never change, so an observer that never
 * reports is exactly what a layout-less browser would do. Real browsers (the Playwright suites and the bench)
 * use their own.
 */
if (typeof globalThis.ResizeObserver === "undefined") {
  globalThis.ResizeObserver = class ResizeObserver {
    observe(): void {}
    unobserve(): void {}
    disconnect(): void {}
  };
}
