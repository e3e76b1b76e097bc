/**
 * Work done while the page is idle after start-up, so the first answer does not pay for first use in the
 * middle of its stream: the code highlighter's worker starts and loads Shiki, its themes and a few common
 * grammars (off the main thread), then the Markdown pipeline runs once per kind of block, each in its own
 * idle task, so its code is compiled and the lazily loaded code block component is fetched before the first
 * real answer. One render of every kind at once was a single 50 to 70 ms task (first-use compilation that
 * React cannot split); one kind per idle task, with the compile hint on the pipeline's chunk
 * (vite.chunks.ts), kept every step under 40 ms in the bench.
 */
import { flushSync } from "react-dom";
import { createRoot, type Root } from "react-dom/client";
import { parseMarkdownIntoBlocks } from "streamdown";
import { codeHighlighter } from "./code-highlighter.ts";
import { Markdown } from "./markdown.tsx";

const LANGUAGES = ["ts", "js", "json", "bash", "python"] as const;
/** Smallest first: the first render compiles the pipeline's common path, the others one construct each. */
const SAMPLES = [
  "Hello",
  "A paragraph with **bold** and _emphasis_.",
  "Some `code` and a [link](https://example.com).",
  "## A heading",
  "- a list\n- of items",
  "1. numbered\n2. too",
  "> a quote",
  "| a | b |\n|---|---|\n| 1 | 2 |",
  "```ts\nconst x = 1;\n```",
];
/** Unfinished Markdown as it streams: the streaming mode closes what is still open (remend) and shows the caret. */
const STREAMING_SAMPLES = [
  "Some **bold and `co",
  "- an item\n- another",
  "```ts\nconst x",
  "| a | b |\n|---|",
];
const UNMOUNT_AFTER_MS = 5000;

function whenIdle(run: () => void): void {
  if (typeof requestIdleCallback === "function") requestIdleCallback(run, { timeout: 2000 });
  else setTimeout(run, 200);
}

/**
 * Where the samples render: in the document, so the browser also lays them out (loading the fonts for
 * bold, italic, code and headings the first time: a first real answer's first layout took 28 ms for 100
 * objects), but invisible, out of the way, inert and hidden from assistive technology.
 */
function offScreenHost(): HTMLElement {
  const host = document.createElement("div");
  host.setAttribute("aria-hidden", "true");
  host.inert = true;
  host.className = "warm-up-host";
  document.body.append(host);
  return host;
}

/** Runs the steps one per idle task, in order. */
function inIdleSteps(steps: readonly (() => void)[]): void {
  const [step, ...rest] = steps;
  if (!step) return;
  whenIdle(() => {
    step();
    inIdleSteps(rest);
  });
}

export function warmUpRenderer(): void {
  let root: Root | undefined;
  let host: HTMLElement | undefined;
  const render =
    (text: string, streaming = false) =>
    () => {
      host ??= offScreenHost();
      root ??= createRoot(host);
      const into = root;
      // Synchronous, so each step's work stays in its own idle task.
      flushSync(() => into.render(<Markdown text={text} streaming={streaming} />));
    };
  inIdleSteps([
    () => codeHighlighter.warmUp(LANGUAGES),
    // Per kind of block: first the block splitter (marked's lexer, whose regular expressions V8 compiles on
    // first use: 30 to 60 ms for all kinds at once), then the whole pipeline.
    ...SAMPLES.flatMap((sample) => [() => parseMarkdownIntoBlocks(sample), render(sample)]),
    ...STREAMING_SAMPLES.map((sample) => render(sample, true)),
    () =>
      setTimeout(() => {
        root?.unmount();
        host?.remove();
      }, UNMOUNT_AFTER_MS),
  ]);
}
