/**
 * Answers rendered as Markdown with Streamdown, a renderer made for streaming: unfinished Markdown (an open
 * code fence, half a table, a dangling `**`) renders sanely while chunks arrive. Raw HTML is never parsed
 * (the `raw` rehype step is left out, so HTML shows as text), the remaining sanitize and harden steps drop
 * `javascript:` and other unsafe URLs, and code is highlighted by Shiki in a Web Worker (code-highlighter.ts).
 *
 * Long answers are split into blocks (markdown-blocks.ts): finished blocks render once, memoised, and only
 * the growing tail re-renders per chunk, so a 100 KB answer streams without long main-thread tasks.
 */
import { memo, useRef } from "react";
import { defaultRehypePlugins, Streamdown } from "streamdown";
import { codeHighlighter } from "./code-highlighter.ts";
import { type BlockSplit, EMPTY_SPLIT, splitBlocks } from "./markdown-blocks.ts";

const SAFE_REHYPE_PLUGINS = Object.entries(defaultRehypePlugins)
  .filter(([name]) => name !== "raw")
  .map(([, plugin]) => plugin);

const PLUGINS = { code: codeHighlighter };
const CONTROLS = {
  code: { copy: true, download: false },
  table: { copy: true, download: false, fullscreen: false },
};
const LINK_SAFETY = { enabled: false };

const Block = memo(function Block(props: { text: string; streaming: boolean; unfinished?: boolean }) {
  const { text, streaming, unfinished = false } = props;
  return (
    <Streamdown
      className="markdown"
      // Streaming mode also closes dangling markers, which an answer cut off mid-sentence needs too.
      mode={streaming || unfinished ? "streaming" : "static"}
      isAnimating={streaming}
      caret={streaming ? "block" : undefined}
      rehypePlugins={SAFE_REHYPE_PLUGINS}
      plugins={PLUGINS}
      controls={CONTROLS}
      linkSafety={LINK_SAFETY}
    >
      {text}
    </Streamdown>
  );
});

export const Markdown = memo(function Markdown(props: {
  text: string;
  streaming: boolean;
  unfinished?: boolean;
}) {
  const { text, streaming, unfinished = false } = props;
  // No useDeferredValue here: the chat hands streamed text over as transitions (use-session-snapshot.ts).
  const split = useRef<BlockSplit>(EMPTY_SPLIT);
  split.current = splitBlocks(split.current, text);
  const { blocks, tailStart } = split.current;
  const tail = text.slice(tailStart);
  return (
    <div className="markdown-blocks">
      {blocks.map((block, index) => (
        // Blocks only ever get appended, so the index is a stable identity.
        // biome-ignore lint/suspicious/noArrayIndexKey: append-only list
        <Block key={index} text={block} streaming={false} />
      ))}
      {tail !== "" || streaming ? <Block text={tail} streaming={streaming} unfinished={unfinished} /> : null}
    </div>
  );
});
