/**
 * The worker's side of code highlighting: answers each request with Shiki through `@streamdown/code` (its
 * JavaScript regex engine, its result cache and its incremental tokenizing of a growing code block), so
 * grammar loading, regex compilation and tokenizing never run on the page's main thread.
 */
import { code } from "@streamdown/code";
import type { HighlightResult } from "streamdown";
import type { HighlightRequest, HighlightResponse, MessageEnd } from "./code-highlight-messages.ts";

type Highlight = Parameters<typeof code.highlight>[0];
type Language = Highlight["language"];

/** Only what the page renders: Shiki's result also carries its grammar state, which need not be copied. */
function plain(result: HighlightResult): HighlightResult {
  const { tokens, fg, bg, rootStyle } = result;
  return { tokens, ...(fg ? { fg } : {}), ...(bg ? { bg } : {}), ...(rootStyle ? { rootStyle } : {}) };
}

export function serveHighlights(end: MessageEnd<HighlightRequest, HighlightResponse>): void {
  end.onmessage = ({ data: request }) => {
    // Languages are names Shiki may not know; `@streamdown/code` renders those as plain text.
    const themes = request.themes as Highlight["themes"];
    if (request.type === "warm-up") {
      for (const language of request.languages) {
        code.highlight({ code: "x", language: language as Language, themes }, () => {});
      }
      return;
    }
    const { id } = request;
    const options: Highlight = {
      code: request.code,
      language: request.language as Language,
      themes,
      isIncomplete: request.isIncomplete,
    };
    const ready = code.highlight(options, (result) => end.postMessage({ id, result: plain(result) }));
    if (ready) end.postMessage({ id, result: plain(ready) });
  };
}
