/**
 * The app's one code highlighter: Shiki in a module Web Worker, started on first use (or by the idle-time
 * warm-up). Under the CSP the worker is a same-origin script, which `script-src 'self'` allows.
 */
import { createCodeHighlighter } from "./code-highlight-client.ts";

export const codeHighlighter = createCodeHighlighter({
  connect(onFailure) {
    if (typeof Worker !== "function") return null;
    const worker = new Worker(new URL("./code-highlight-worker.ts", import.meta.url), {
      type: "module",
      name: "code-highlight",
    });
    worker.onerror = (event) => {
      console.warn("code highlighting moved to the page: its worker failed", event.message);
      worker.terminate();
      onFailure();
    };
    return worker;
  },
  fallback: async () => (await import("@streamdown/code")).code,
});
