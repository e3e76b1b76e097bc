/**
 * Build output shared by the app (vite.config.ts) and its benchmark (bench/vite.bench.config.ts).
 *
 * The Markdown pipeline (Streamdown with marked, remark, micromark, rehype and their helpers) gets a chunk
 * of its own that starts with V8's explicit compile hint (`//# allFunctionsCalledOnLoad`, Chrome 136 and
 * later; a plain comment elsewhere). V8 then compiles all of it eagerly on a background thread while the
 * script loads, instead of function by function on the main thread the first time an answer is rendered:
 * the idle-time warm-up's first render went from 30 to 50 ms to 5 to 25 ms in the bench. React goes in a
 * chunk of its own first, so the Markdown chunk does not pull it in.
 */
import type { Plugin, UserConfig } from "vite";

const MARKDOWN_CHUNK = "markdown-pipeline";
const COMPILE_HINT = "//# allFunctionsCalledOnLoad\n";

export const chunkOptions = {
  codeSplitting: {
    groups: [
      { name: "react", test: /[\\/]node_modules[\\/](react|react-dom|scheduler)[\\/]/, priority: 20 },
      { name: MARKDOWN_CHUNK, test: /[\\/]node_modules[\\/]streamdown[\\/]/, priority: 10 },
    ],
  },
} satisfies NonNullable<NonNullable<UserConfig["build"]>["rolldownOptions"]>["output"];

/** Puts the compile hint first in the Markdown chunk (after minification, which would drop the comment). */
export function compileHint(): Plugin {
  return {
    name: "interject:compile-hint",
    apply: "build",
    generateBundle(_options, bundle) {
      for (const file of Object.values(bundle)) {
        if (file.type === "chunk" && file.name === MARKDOWN_CHUNK) file.code = COMPILE_HINT + file.code;
      }
    },
  };
}
