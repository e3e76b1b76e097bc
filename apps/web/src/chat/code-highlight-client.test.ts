// @vitest-environment node
/**
 * Code highlighting through a message channel, as between the page and its worker: tokens come back
 * coloured, finished blocks are answered from what was kept, one request serves every caller of the same
 * block, and the page highlights by itself when no worker runs or the worker fails.
 */
import { code } from "@streamdown/code";
import type { CodeHighlighterPlugin, HighlightOptions, HighlightResult } from "streamdown";
import { afterEach, describe, expect, it } from "vitest";
import { createCodeHighlighter, type HighlightEnd, THEMES } from "./code-highlight-client.ts";
import type { HighlightRequest, HighlightResponse, MessageEnd } from "./code-highlight-messages.ts";
import { serveHighlights } from "./code-highlight-server.ts";

const BLOCK: HighlightOptions = { code: "const answer: number = 42;\n", language: "ts", themes: THEMES };
const channels: MessageChannel[] = [];

afterEach(() => {
  for (const channel of channels.splice(0)) {
    channel.port1.close();
    channel.port2.close();
  }
});

/** A real MessageChannel with the worker's server on one end; counts what the page sends. */
function channel(serve = true) {
  const pair = new MessageChannel();
  channels.push(pair);
  if (serve) serveHighlights(pair.port1 as unknown as MessageEnd<HighlightRequest, HighlightResponse>);
  const sent: HighlightRequest[] = [];
  const end = pair.port2 as unknown as HighlightEnd;
  const counting: HighlightEnd = {
    postMessage(message) {
      sent.push(message);
      end.postMessage(message);
    },
    get onmessage() {
      return end.onmessage;
    },
    set onmessage(listener) {
      end.onmessage = listener;
    },
  };
  return { end: counting, sent };
}

const highlighted = (options: HighlightOptions, highlight: CodeHighlighterPlugin["highlight"]) =>
  new Promise<HighlightResult>((resolve) => {
    const ready = highlight(options, resolve);
    if (ready) resolve(ready);
  });

const colours = (result: HighlightResult) =>
  result.tokens.flat().filter((token) => token.color || token.htmlStyle).length;

describe("code highlighter", () => {
  it("highlights in the worker and answers a finished block again at once", async () => {
    const { end } = channel();
    const highlighter = createCodeHighlighter({ connect: () => end, fallback: async () => code });
    expect(highlighter.highlight(BLOCK, () => {})).toBeNull();
    const result = await highlighted(BLOCK, highlighter.highlight);
    expect(
      result.tokens
        .flat()
        .map((token) => token.content)
        .join(""),
    ).toContain("answer");
    expect(colours(result)).toBeGreaterThan(0);
    expect(highlighter.highlight(BLOCK)).toEqual(result);
  }, 20_000);

  it("sends a finished block once however many ask for it, and a streaming block every time", async () => {
    const { end, sent } = channel();
    const highlighter = createCodeHighlighter({ connect: () => end, fallback: async () => code });
    const streaming = { ...BLOCK, isIncomplete: true };
    await Promise.all([
      highlighted(BLOCK, highlighter.highlight),
      highlighted(BLOCK, highlighter.highlight),
      highlighted(streaming, highlighter.highlight),
      highlighted(streaming, highlighter.highlight),
    ]);
    expect(sent.filter((message) => message.type === "highlight" && !message.isIncomplete)).toHaveLength(1);
    expect(sent.filter((message) => message.type === "highlight" && message.isIncomplete)).toHaveLength(2);
  }, 20_000);

  it("highlights on the page where no worker runs", async () => {
    const highlighter = createCodeHighlighter({ connect: () => null, fallback: async () => code });
    expect(colours(await highlighted(BLOCK, highlighter.highlight))).toBeGreaterThan(0);
  }, 20_000);

  it("finishes waiting blocks on the page when the worker fails", async () => {
    // Nothing serves this channel: the request stays unanswered until the worker is reported failed.
    const { end } = channel(false);
    let fail = () => {};
    const highlighter = createCodeHighlighter({
      connect: (onFailure) => {
        fail = onFailure;
        return end;
      },
      fallback: async () => code,
    });
    const waiting = highlighted(BLOCK, highlighter.highlight);
    fail();
    expect(colours(await waiting)).toBeGreaterThan(0);
  }, 20_000);
});
