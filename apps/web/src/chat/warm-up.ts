/**
 * Loads the code highlighter (Shiki, its themes and a few common grammars) while the browser is idle, so
 * the first code block of the first answer does not pay for it in the middle of a stream.
 */
import { code } from "@streamdown/code";

const LANGUAGES = ["ts", "js", "json", "bash", "python"] as const;

export function warmUpRenderer(): void {
  const run = () => {
    for (const language of LANGUAGES) {
      code.highlight({ code: "x", language, themes: ["github-light", "github-dark"] }, () => {});
    }
  };
  if (typeof requestIdleCallback === "function") requestIdleCallback(run, { timeout: 2000 });
  else setTimeout(run, 200);
}
