/**
 * The offline model: deterministic, no network, a real participant in the agent loop. On a new prompt it
 * decides which tools to call (`/tool <name> <json>`, or each tool's OfflineHint: see planner.ts) and says
 * why; once the results are back it writes the answer, streaming it word by word, `delayMs` between words. It
 * checks its AbortSignal before every word, so an interrupted answer stops producing at once.
 */
import type { ModelEvent, ModelProvider, ModelRequest } from "../provider.ts";
import { planTools } from "./planner.ts";
import { readConversation, writeAnswer } from "./writer.ts";

export interface OfflineProviderOptions {
  /** Milliseconds between words; 0 streams as fast as the event loop allows (benchmarks). */
  delayMs: number;
}

/** Words (with their leading space), CJK text in short runs, so any language streams smoothly. */
export function tokenize(text: string): string[] {
  return text.match(/\s*\S{1,16}|\s+/gu) ?? [];
}

/**
 * Waits `ms` between words (or one turn of the event loop for 0), cut short by an abort. One abort listener
 * for the whole answer: a timer-with-signal per word costs a listener added and removed every word, which
 * shows up with a thousand answers streaming.
 */
function pacer(signal: AbortSignal, ms: number): { wait(): Promise<void>; dispose(): void } {
  let wake: (() => void) | null = null;
  let timer: NodeJS.Timeout | null = null;
  const onAbort = () => {
    if (timer) clearTimeout(timer);
    wake?.();
  };
  signal.addEventListener("abort", onAbort, { once: true });
  return {
    wait: () =>
      new Promise<void>((resolve) => {
        wake = resolve;
        if (ms > 0) timer = setTimeout(resolve, ms);
        else setImmediate(resolve);
      }),
    dispose: () => signal.removeEventListener("abort", onAbort),
  };
}

function abortError(signal: AbortSignal): Error {
  return signal.reason instanceof Error ? signal.reason : new DOMException("aborted", "AbortError");
}

export class OfflineProvider implements ModelProvider {
  readonly name = "offline";
  readonly model = "interject-offline-1";

  constructor(private readonly options: OfflineProviderOptions) {}

  async *stream(request: ModelRequest): AsyncGenerator<ModelEvent> {
    const { signal } = request;
    const conversation = readConversation(request.messages);
    // About four characters a token, like the hosted models' tokenizers on English text; cheap to count.
    const chars = request.messages.reduce(
      (n, m) => n + (m.role === "tool" ? m.results.reduce((k, r) => k + r.output.length, 0) : m.text.length),
      request.system.length,
    );
    const inputTokens = Math.ceil(chars / 4);
    let problem: string | null = null;
    if (conversation.results.length === 0) {
      const plan = planTools(conversation.prompt, request.tools);
      problem = plan.problem;
      if (plan.calls.length > 0) {
        if (signal.aborted) throw abortError(signal);
        yield { type: "reasoning", text: plan.rationale };
        for (const call of plan.calls) yield { type: "tool_call", call };
        yield { type: "end", stopReason: "tool_use", inputTokens, outputTokens: plan.calls.length * 8 };
        return;
      }
    }
    const tokens = tokenize(writeAnswer(conversation, request.tools, problem));
    const pace = pacer(signal, this.options.delayMs);
    try {
      // `delayMs` is the time between words: the first comes as soon as the answer is written.
      let first = true;
      for (const token of tokens) {
        if (signal.aborted) throw abortError(signal);
        if (!first) await pace.wait();
        first = false;
        if (signal.aborted) throw abortError(signal);
        yield { type: "text", text: token };
      }
    } finally {
      pace.dispose();
    }
    yield { type: "end", stopReason: "end_turn", inputTokens, outputTokens: tokens.length };
  }
}
