/**
 * Answers rendered as Markdown with Streamdown, a renderer made for streaming: unfinished Markdown (an open
 * code fence, half a table, a dangling `**`) renders sanely while chunks arrive. Raw HTML is never parsed
 * (the `raw` rehype step is left out, so HTML shows as text), the remaining sanitize and harden steps drop
 * `javascript:` and other unsafe URLs, images from anywhere but this origin become links and are never
 * loaded (markdown-images.ts), and code is highlighted by Shiki in a Web Worker (code-highlighter.ts).
 *
 * Long answers are split into blocks (markdown-blocks.ts): finished blocks render once, memoised, in groups
 * the browser can skip while off screen, and only the growing tail re-renders per chunk, so a 100 KB answer
 * streams without long main-thread tasks.
 */
import { memo, startTransition, useEffect, useRef, useState } from "react";
import { defaultRehypePlugins, Streamdown } from "streamdown";
import { codeHighlighter } from "./code-highlighter.ts";
import { type BlockSplit, EMPTY_SPLIT, splitBlocks } from "./markdown-blocks.ts";
import { rehypeNoRemoteImages } from "./markdown-images.ts";

// Remote images go first (markdown-images.ts): they become links before sanitize and harden check every link.
const SAFE_REHYPE_PLUGINS = [
  rehypeNoRemoteImages,
  ...Object.entries(defaultRehypePlugins)
    .filter(([name]) => name !== "raw")
    .map(([, plugin]) => plugin),
];

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

/**
 * At most this many finished blocks join the page per render. When the page falls behind the stream (a
 * busy moment, or the first renders of a page whose code is not yet optimised), the text that arrived
 * meanwhile would otherwise be parsed, inserted, laid out and painted all at once: a hundred blocks made
 * tasks of 50 to 70 ms. Capped, it catches up over the next frames in steps that stay short.
 */
const MAX_NEW_BLOCKS_PER_RENDER = 12;

/**
 * How many finished blocks to show: all of them on the first render (history), then at most
 * MAX_NEW_BLOCKS_PER_RENDER more than the last committed render showed. Renders come with each frame's
 * text; when none comes (the stream ended while the page was behind), the next frame asks for one.
 */
function useBlocksShown(total: number): number {
  const committed = useRef<number | null>(null);
  const [, renderAgain] = useState(0);
  const shown =
    committed.current === null ? total : Math.min(total, committed.current + MAX_NEW_BLOCKS_PER_RENDER);
  // Only a committed render counts: React may throw a render in progress away.
  useEffect(() => {
    committed.current = shown;
  });
  const behind = shown < total;
  useEffect(() => {
    if (!behind) return;
    const frame = requestAnimationFrame(() => startTransition(() => renderAgain((count) => count + 1)));
    return () => cancelAnimationFrame(frame);
  }, [behind, shown]);
  return shown;
}

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
  const shown = useBlocksShown(blocks.length);
  const pages = [];
  for (let from = 0; from < shown; from += BLOCKS_PER_PAGE) {
    const to = Math.min(shown, from + BLOCKS_PER_PAGE);
    pages.push(<BlockPage key={from} blocks={blocks} from={from} to={to} />);
  }
  // While catching up, the growing tail waits behind the blocks before it; the caret stays.
  const caughtUp = shown === blocks.length;
  const tail = caughtUp ? text.slice(tailStart) : "";
  const tailStreaming = streaming || !caughtUp;
  return (
    <div className="markdown-blocks">
      {pages}
      {tail !== "" || tailStreaming ? (
        <Block text={tail} streaming={tailStreaming} unfinished={unfinished} />
      ) : null}
    </div>
  );
});
