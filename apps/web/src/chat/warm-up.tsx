/**
 * Work done while the page is idle after start-up, so the first answer does not pay for first use in the
 * middle of its stream: the code highlighter's worker starts and loads Shiki, its themes and a few common
 * grammars (off the main thread), and a short answer with every kind of block is rendered once into a
 * detached element, as a transition (in slices), so the Markdown pipeline's code is compiled and the lazily
 * loaded code block component is fetched before the first real answer.
 */
import { startTransition } from "react";
import { createRoot } from "react-dom/client";
import { codeHighlighter } from "./code-highlighter.ts";
import { Markdown } from "./markdown.tsx";

const LANGUAGES = ["ts", "js", "json", "bash", "python"] as const;
const SAMPLE = [
  "## A heading",
  "A paragraph with **bold**, _emphasis_, `code` and a [link](https://example.com).",
  "- a list\n- of items\n\n1. numbered\n2. too",
  "```ts\nconst x = 1;\n```",
  "| a | b |\n|---|---|\n| 1 | 2 |",
  "> a quote",
].join("\n\n");
const UNMOUNT_AFTER_MS = 5000;

function renderSample(): void {
  const root = createRoot(document.createElement("div"));
  startTransition(() => root.render(<Markdown text={SAMPLE} streaming={false} />));
  setTimeout(() => root.unmount(), UNMOUNT_AFTER_MS);
}

function whenIdle(run: () => void): void {
  if (typeof requestIdleCallback === "function") requestIdleCallback(run, { timeout: 2000 });
  else setTimeout(run, 200);
}

export function warmUpRenderer(): void {
  whenIdle(() => {
    codeHighlighter.warmUp(LANGUAGES);
    whenIdle(renderSample);
  });
}
