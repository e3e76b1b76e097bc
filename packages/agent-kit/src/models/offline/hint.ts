/**
 * How the offline model decides to call a tool: a tool carries an `OfflineHint` saying when a prompt calls
 * for it and with which input, and how the answer presents its result. Hosted models never see hints (they
 * read the tool's description and schema); tools without a hint are picked by their name and description
 * when a prompt plainly names them (description-hint.ts), and always reached with `/tool <name> <json>`.
 */
import type { Intent } from "./intent.ts";

export interface OfflineHint {
  /** The input to call the tool with when `prompt` asks for it, or null. */
  plan(prompt: string, intent: Intent): unknown | null;
  /** Why the model calls the tool, for the reasoning trace (e.g. "the prompt contains arithmetic"). */
  reason(prompt: string): string;
  /** The answer's paragraph about a result; by default "<tool>: <output>". */
  describe?(result: { output: string; isError: boolean }, intent: Intent): string;
  /**
   * Called only when no other tool was chosen and the prompt is not about the conversation itself (a
   * knowledge search that answers "anything else").
   */
  fallback?: boolean;
}
