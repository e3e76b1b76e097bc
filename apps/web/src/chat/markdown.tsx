/**
 * Answers rendered as Markdown with Streamdown, a renderer made for streaming: unfinished Markdown (an open
 * code fence, half a table, a dangling `**`) renders sanely while chunks arrive. Raw HTML is never parsed
 * (the `raw` rehype step is left out, so HTML shows as text), the remaining sanitize and harden steps drop
 * `javascript:` and other unsafe URLs, and code is highlighted by Shiki in a Web Worker (code-highlighter.ts).
 *
 * Long answers are split into blocks (markdown-blocks.ts): finished blocks render once, memoised, in groups
 * the browser can skip while off screen, and only the growing tail re-renders per chunk, so a 100 KB answer
 * streams without long main-thread tasks.
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
      // Only the streaming block carries the caret rule (styles.css): a caret pseudo-element with a blinking
      // animation on every finished block would cost style work on each of them, every frame.
      className={streaming ? "markdown streaming" : "markdown"}
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

/**
 * Finished blocks in groups: each group is one `content-visibility: auto` element (styles.css), so the
 * browser skips the style, layout and paint of groups off screen and tracks a few dozen of them, not one per
 * paragraph. A full group never re-renders; the last one re-renders when a block joins it.
 */
const BLOCKS_PER_PAGE = 24;

function samePage(
  before: { blocks: readonly string[]; from: number; to: number },
  after: { blocks: readonly string[]; from: number; to: number },
): boolean {
  if (before.from !== after.from || before.to !== after.to) return false;
  for (let index = after.from; index < after.to; index++) {
    if (before.blocks[index] !== after.blocks[index]) return false;
  }
  return true;
}

const BlockPage = memo(function BlockPage(props: { blocks: readonly string[]; from: number; to: number }) {
  const { blocks, from, to } = props;
  const items = [];
  for (let index = from; index < to; index++) {
    // Blocks only ever get appended, so the index is a stable identity.
    items.push(<Block key={index} text={blocks[index] ?? ""} streaming={false} />);
  }
  return <div className="markdown-page">{items}</div>;
}, samePage);

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
  const pages = [];
  for (let from = 0; from < blocks.length; from += BLOCKS_PER_PAGE) {
    const to = Math.min(blocks.length, from + BLOCKS_PER_PAGE);
    pages.push(<BlockPage key={from} blocks={blocks} from={from} to={to} />);
  }
  return (
    <div className="markdown-blocks">
      {pages}
      {tail !== "" || streaming ? <Block text={tail} streaming={streaming} unfinished={unfinished} /> : null}
    </div>
  );
});
