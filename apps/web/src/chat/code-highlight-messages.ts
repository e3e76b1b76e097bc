/**
 * The messages between the page and the code-highlighting worker (code-highlight-worker.ts). Both ends are
 * this app's own code on the same origin, so the shapes are typed here rather than parsed.
 */
import type { HighlightResult, ThemeInput } from "streamdown";

export type HighlightRequest =
  | {
      type: "highlight";
      id: number;
      code: string;
      language: string;
      themes: [ThemeInput, ThemeInput];
      isIncomplete: boolean;
    }
  /** Loads Shiki, the themes and these grammars before the first code block needs them. */
  | { type: "warm-up"; languages: readonly string[]; themes: [ThemeInput, ThemeInput] };

export interface HighlightResponse {
  id: number;
  result: HighlightResult;
}

/** What both a Worker and a MessagePort offer; the client and server are written against this alone. */
export interface MessageEnd<Incoming, Outgoing> {
  postMessage(message: Outgoing): void;
  onmessage: ((event: MessageEvent<Incoming>) => void) | null;
}
