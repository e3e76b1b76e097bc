/** Entry of the code-highlighting Web Worker (started by code-highlighter.ts). */
import type { HighlightRequest, HighlightResponse, MessageEnd } from "./code-highlight-messages.ts";
import { serveHighlights } from "./code-highlight-server.ts";

serveHighlights(self as unknown as MessageEnd<HighlightRequest, HighlightResponse>);
