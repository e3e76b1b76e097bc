/**
 * The basic agent's model: offline and deterministic, so the fixture streams without a cloud account. It
 * yields its answer word by word (each word with its leading space, as a model's text deltas come), waiting
 * `delayMs` between words, and stops at once when its signal aborts. A prompt asking for detail gets a long
 * answer, anything else a short one.
 */
import { setTimeout as sleep } from "node:timers/promises";

const DETAIL = /\b(detail(ed|s)?|explain|step by step|everything|long answer)\b|詳しく/iu;

const SHORT =
  "I am the offline stand-in for the Strands agent of the AgentCore articles: I answer word by word, " +
  "with no model and no network behind me.";

const LONG = [
  "Bidirectional streaming keeps one WebSocket open between the client and the agent, so both sides can " +
    "send at any time. The runtime serves it at the /ws path of port 8080, next to /ping and /invocations, " +
    "and a client reaches it with a SigV4 presigned URL, SigV4 headers or an OAuth bearer token.",
  "The agent answers each inputText in chunks as the model writes them, then sends the whole answer once " +
    "more in a complete message. While an answer streams the socket stays open for input, and that is what " +
    "makes interruption possible: a new inputText cancels the running answer, the agent reports what it had " +
    "written in an interrupted message, and it starts on the new question at once.",
  "Nothing else travels on this wire. There is no sequence number, no turn id and no greeting, so a client " +
    "that drops its connection cannot ask for what it missed: it keeps the answer as far as it got. There are " +
    "no traces of the agent's reasoning and no approvals either; an agent that wants those speaks the full " +
    "protocol instead.",
  "Errors are plain objects with an error field. A message without inputText gets one and the conversation " +
    "goes on; a frame the agent cannot read gets one too, and then the agent stops reading that socket, as " +
    "the articles' handler does when its receive loop ends.",
].join("\n\n");

export function answerFor(prompt: string): string {
  const echo = prompt.length > 80 ? `${prompt.slice(0, 77)}...` : prompt;
  const intro = `You said: "${echo}". ${SHORT}`;
  return DETAIL.test(prompt) ? `${intro}\n\n${LONG}` : intro;
}

/** Words with their leading whitespace, so that joining them gives the answer back exactly. */
export function words(text: string): string[] {
  return text.match(/\s*\S+/gu) ?? [];
}

export async function* streamAnswer(
  prompt: string,
  signal: AbortSignal,
  delayMs: number,
): AsyncGenerator<string> {
  for (const word of words(answerFor(prompt))) {
    if (signal.aborted) return;
    try {
      await sleep(delayMs, undefined, { signal });
    } catch {
      return; // aborted while waiting
    }
    yield word;
  }
}
