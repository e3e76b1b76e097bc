/**
 * Starts the code highlighter's worker and loads Shiki, its themes and a few common grammars there while
 * the page is idle, so the first code block of the first answer is highlighted without waiting. The work
 * itself runs in the worker (code-highlighter.ts), off the main thread.
 */
import { codeHighlighter } from "./code-highlighter.ts";

const LANGUAGES = ["ts", "js", "json", "bash", "python"] as const;

export function warmUpRenderer(): void {
  const run = () => codeHighlighter.warmUp(LANGUAGES);
  if (typeof requestIdleCallback === "function") requestIdleCallback(run, { timeout: 2000 });
  else setTimeout(run, 200);
}
