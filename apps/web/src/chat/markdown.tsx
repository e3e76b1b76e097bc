/**
 * Answers rendered as Markdown with Streamdown, a renderer made for streaming: unfinished Markdown (an open
 * code fence, half a table, a dangling `**`) renders sanely while chunks arrive. Raw HTML is never parsed
 * (the `raw` rehype step is left out, so HTML shows as text), the remaining sanitize and harden steps drop
 * `javascript:` and other unsafe URLs, and code is highlighted by Shiki through `@streamdown/code`.
 */
import { code } from "@streamdown/code";
import { memo } from "react";
import { defaultRehypePlugins, Streamdown } from "streamdown";

const SAFE_REHYPE_PLUGINS = Object.entries(defaultRehypePlugins)
  .filter(([name]) => name !== "raw")
  .map(([, plugin]) => plugin);

const PLUGINS = { code };
const CONTROLS = {
  code: { copy: true, download: false },
  table: { copy: true, download: false, fullscreen: false },
};

export const Markdown = memo(function Markdown({ text, streaming }: { text: string; streaming: boolean }) {
  return (
    <Streamdown
      className="markdown"
      mode={streaming ? "streaming" : "static"}
      isAnimating={streaming}
      caret={streaming ? "block" : undefined}
      rehypePlugins={SAFE_REHYPE_PLUGINS}
      plugins={PLUGINS}
      controls={CONTROLS}
      linkSafety={{ enabled: false }}
    >
      {text}
    </Streamdown>
  );
});
