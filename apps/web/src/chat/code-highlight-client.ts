/**
 * The page's side of code highlighting: a Streamdown code plugin that sends each code block to a worker
 * (code-highlight-server.ts) and hands the tokens back through Streamdown's callback. Loading a grammar,
 * compiling its regular expressions and tokenizing then never block the page; on the main thread they made
 * tasks of 100 to 250 ms on a busy two-core machine.
 *
 * Finished blocks' results are kept (least recently used first out), so a block rendered again (the
 * streaming tail becoming a finished block, a conversation shown again) is highlighted at once, and a block
 * asked for again while its answer is on the way waits for that answer. Where no worker can run (jsdom) or
 * it fails to load, the same Shiki plugin runs on the page instead, as it did before.
 */
import type { CodeHighlighterPlugin, HighlightOptions, HighlightResult, ThemeInput } from "streamdown";
import type { HighlightRequest, HighlightResponse, MessageEnd } from "./code-highlight-messages.ts";

export const THEMES: [ThemeInput, ThemeInput] = ["github-light", "github-dark"];
const KEPT_RESULTS = 1000;

type Callback = (result: HighlightResult) => void;
export type HighlightEnd = MessageEnd<HighlightResponse, HighlightRequest>;

export interface CodeHighlighter extends CodeHighlighterPlugin {
  /** Starts the worker and loads these grammars, before the first code block needs them. */
  warmUp(languages: readonly string[]): void;
}

interface Pending {
  key: string;
  options: HighlightOptions;
  callbacks: Callback[];
  /** Finished code: its result is kept, and a second request for it waits for this one. */
  keep: boolean;
}

const themeName = (theme: ThemeInput) => (typeof theme === "string" ? theme : (theme.name ?? "custom"));

export function createCodeHighlighter(options: {
  /** Opens the worker, or returns null where none can run; calls `onFailure` if it stops working. */
  connect: (onFailure: () => void) => HighlightEnd | null;
  /** The highlighter to run on the page instead. */
  fallback: () => Promise<CodeHighlighterPlugin>;
}): CodeHighlighter {
  // undefined: not started yet; null: highlighting runs on the page.
  let end: HighlightEnd | null | undefined;
  let onPage: Promise<CodeHighlighterPlugin> | undefined;
  let nextId = 1;
  const pending = new Map<number, Pending>();
  const waitingFor = new Map<string, number>();
  const results = new Map<string, HighlightResult>();

  function settle(id: number, result: HighlightResult): void {
    const entry = pending.get(id);
    if (!entry) return;
    pending.delete(id);
    if (entry.keep) {
      waitingFor.delete(entry.key);
      results.set(entry.key, result);
      if (results.size > KEPT_RESULTS) results.delete(results.keys().next().value as string);
    }
    for (const callback of entry.callbacks) callback(result);
  }

  function pagePlugin(): Promise<CodeHighlighterPlugin> {
    onPage ??= options.fallback();
    return onPage;
  }

  function highlightOnPage(id: number, entry: Pending): void {
    pagePlugin().then(
      (plugin) => {
        const ready = plugin.highlight(entry.options, (result) => settle(id, result));
        if (ready) settle(id, ready);
      },
      // The code stays readable, unhighlighted.
      (error: unknown) => console.warn("could not load the code highlighter", error),
    );
  }

  function worker(): HighlightEnd | null {
    if (end !== undefined) return end;
    const opened = options.connect(() => {
      end = null;
      for (const [id, entry] of pending) highlightOnPage(id, entry);
    });
    if (opened) opened.onmessage = ({ data }) => settle(data.id, data.result);
    end = opened;
    return opened;
  }

  function highlight(request: HighlightOptions, callback?: Callback): HighlightResult | null {
    const key = `${request.language}\n${themeName(request.themes[0])}\n${themeName(request.themes[1])}\n${request.code}`;
    const kept = results.get(key);
    if (kept) {
      results.delete(key);
      results.set(key, kept);
      return kept;
    }
    const keep = !request.isIncomplete;
    const earlier = keep ? waitingFor.get(key) : undefined;
    const waiting = earlier === undefined ? undefined : pending.get(earlier);
    if (waiting) {
      if (callback) waiting.callbacks.push(callback);
      return null;
    }
    const id = nextId++;
    const entry: Pending = { key, options: request, callbacks: callback ? [callback] : [], keep };
    pending.set(id, entry);
    if (keep) waitingFor.set(key, id);
    const port = worker();
    if (!port) highlightOnPage(id, entry);
    else
      port.postMessage({
        type: "highlight",
        id,
        code: request.code,
        language: request.language,
        themes: request.themes,
        isIncomplete: request.isIncomplete ?? false,
      });
    return null;
  }

  return {
    name: "shiki",
    type: "code-highlighter",
    getThemes: () => THEMES,
    // Streamdown does not ask these; the worker renders a language Shiki does not know as plain text.
    supportsLanguage: () => true,
    getSupportedLanguages: () => [],
    highlight,
    warmUp(languages) {
      const port = worker();
      if (port) port.postMessage({ type: "warm-up", languages, themes: THEMES });
      else
        for (const language of languages)
          highlight({ code: "x", language, themes: THEMES, isIncomplete: true });
    },
  };
}
