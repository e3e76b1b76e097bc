/**
 * Writes the offline model's answer from what it knows: the prompt's intent, the tool results of this turn
 * and the earlier turns. Deterministic: the same conversation always gives the same words.
 */
import type { ChatMessage, ToolResult, ToolSpec } from "../provider.ts";
import { type Intent, readIntent, rememberedName } from "./intent.ts";
import { detectLanguage, OPENING } from "./language.ts";

export interface Conversation {
  prompt: string;
  earlier: Array<{ prompt: string; answer: string; interrupted: boolean }>;
  results: ToolResult[];
}

const INTERRUPTED_NOTE = "[The user interrupted this answer here.]";

/** Splits a provider's messages into the current prompt, this turn's tool results and the earlier turns. */
export function readConversation(messages: readonly ChatMessage[]): Conversation {
  let last = -1;
  messages.forEach((m, i) => {
    if (m.role === "user") last = i;
  });
  const current = messages[last];
  const prompt = current?.role === "user" ? current.text : "";
  const results = messages.slice(last + 1).flatMap((m) => (m.role === "tool" ? m.results : []));
  const earlier: Conversation["earlier"] = [];
  for (let i = 0; i < last; i++) {
    const m = messages[i];
    if (m?.role !== "user") continue;
    const next = messages[i + 1];
    const answer = next?.role === "assistant" ? next.text : "";
    earlier.push({
      prompt: m.text,
      answer: answer.replace(INTERRUPTED_NOTE, "").trim(),
      interrupted: answer.includes(INTERRUPTED_NOTE),
    });
  }
  return { prompt, earlier, results };
}

function howIWork(tools: readonly ToolSpec[]): string {
  const names = tools.map((t) => t.name);
  return [
    "A word on how this answer was made. I am the offline model, which Interject uses when no cloud model is configured (AGENT_MODEL=offline, the default).",
    "I run entirely inside the agent process, with no network access, and I am deterministic: the same conversation always produces the same words.",
    "I still work like a real agent: for each prompt I decide which tools to call, the agent runs them and traces every step, and I write the answer from their results.",
    names.length > 0
      ? `My tools here are ${names.join(", ")}; any of them can also be called by name with "/tool <name> <JSON arguments>".`
      : "This agent gave me no tools.",
    "Because my words stream at a steady reading pace, you can interrupt me at any moment: send a new message or press stop, and the part you have already read is kept in the conversation, marked as interrupted, so I can take it into account in the next turn.",
  ].join(" ");
}

const NEXT_STEPS = [
  "If you want answers about arbitrary topics rather than about Interject itself, switch the agent to a real model:",
  "set AGENT_MODEL=bedrock (Amazon Bedrock's Converse API, Claude Haiku 4.5 by default) or AGENT_MODEL=openai with AGENT_OPENAI_BASE_URL pointing at any OpenAI-compatible server such as Ollama, vLLM or LM Studio.",
  "Everything else (interruption, traces, approvals, resume after a reconnect) works the same with every model, because the agent loop and the session logic do not depend on the provider.",
  "You can also ask me to calculate something, tell you the time in a time zone, remember your name, or file a ticket, which will show you the approval flow.",
].join(" ");

const ABOUT_INTERJECT = [
  "What I can tell you in depth is how Interject itself works, because that is what my knowledge base covers.",
  "Interject is a browser chat for agents hosted on Amazon Bedrock AgentCore Runtime. A broker signs users in and hands the browser a short-lived presigned WebSocket URL;",
  "the browser connects straight to the runtime, which forwards the connection to this agent.",
  "Every answer streams as numbered events, so a client that reconnects can resume exactly where it left off,",
  "and every event is reported to the broker so conversations survive the agent's session.",
].join(" ");

function words(text: string): number {
  return text.split(/\s+/).filter(Boolean).length;
}

export function firstSentences(text: string, maxWords: number): string {
  const plain = text
    .replace(/```[\s\S]*?```/g, " ")
    .replace(/\s+/g, " ")
    .trim();
  const out: string[] = [];
  for (const sentence of plain.split(/(?<=[.!?])\s+/)) {
    if (out.length > 0 && words(out.join(" ")) + words(sentence) > maxWords) break;
    out.push(sentence);
  }
  return out.join(" ");
}

/**
 * The first `maxWords` words of a Markdown text, keeping its shape: paragraphs stay paragraphs and list
 * items stay list items (whole blocks, whole items), so an answer built from documentation reads as it does.
 * Code blocks are left out; a first paragraph longer than the budget is cut at a sentence.
 */
export function firstBlocks(text: string, maxWords: number): string {
  const blocks = text
    .replace(/```[\s\S]*?```/g, "")
    // A list right under its paragraph's last line is a block of its own.
    .replace(/^(?!(?:[-*+]|\d+[.)])\s)(\S.*)\n(?=(?:[-*+]|\d+[.)])\s)/gm, "$1\n\n")
    .split(/\n\s*\n/)
    .map((block) => block.trim())
    .filter(Boolean);
  const out: string[] = [];
  let used = 0;
  for (const block of blocks) {
    const lines = block.split("\n");
    const isList = lines.every(
      (line, i) => /^\s*([-*+]|\d+[.)])\s/.test(line) || (i > 0 && /^\s+\S/.test(line)),
    );
    if (isList) {
      // A list: its items one by one (an item's continuation lines with it), while they fit.
      const items: string[] = [];
      for (const line of lines) {
        if (/^\s*([-*+]|\d+[.)])\s/.test(line) || items.length === 0) items.push(line);
        else items[items.length - 1] += `\n${line}`;
      }
      const kept: string[] = [];
      for (const item of items) {
        if (used > 0 && used + words(item) > maxWords) break;
        kept.push(item);
        used += words(item);
      }
      if (kept.length > 0) out.push(kept.join("\n"));
      if (kept.length < items.length) break;
      continue;
    }
    const paragraph = lines.join(" ");
    if (used + words(paragraph) <= maxWords) {
      out.push(paragraph);
      used += words(paragraph);
      continue;
    }
    if (used === 0) out.push(firstSentences(paragraph, maxWords));
    break;
  }
  return out.join("\n\n");
}

function toolParagraph(result: ToolResult, tools: readonly ToolSpec[], intent: Intent): string {
  const describe = tools.find((t) => t.name === result.name)?.offline?.describe;
  if (describe) return describe(result, intent);
  return result.isError ? `${result.name} failed: ${result.output}` : `${result.name}: ${result.output}`;
}

/** The whole answer for one turn. */
export function writeAnswer(
  conversation: Conversation,
  tools: readonly ToolSpec[],
  problem: string | null = null,
): string {
  const { prompt, earlier, results } = conversation;
  const intent = readIntent(prompt);
  const language = detectLanguage(prompt);
  const parts: string[] = [OPENING[language]];
  const earlierPrompts = earlier.map((t) => t.prompt);
  const lastTurn = earlier.at(-1);
  if (lastTurn?.interrupted) {
    parts.push(
      `You interrupted my previous answer (to "${firstSentences(lastTurn.prompt, 12)}"), so I have left it there.`,
    );
  }
  if (intent.statedName)
    parts.push(
      `Nice to meet you, ${intent.statedName}. I will remember your name for the rest of this session.`,
    );
  if (intent.asksName) {
    const name = rememberedName(earlierPrompts);
    parts.push(
      name
        ? `Your name is ${name}: you told me earlier in this conversation.`
        : "You have not told me your name in this conversation yet.",
    );
  }
  if (intent.recall && !intent.asksName) {
    parts.push(
      earlier.length === 0
        ? "This is the first thing you have asked me in this session."
        : `Earlier in this session you asked: ${earlierPrompts.map((p) => `"${firstSentences(p, 20)}"`).join("; ")}.`,
    );
  }
  if (problem) parts.push(problem);
  for (const result of results) parts.push(toolParagraph(result, tools, intent));
  if (intent.greeting && results.length === 0)
    parts.push("How can I help? Ask me about Interject, or try a calculation.");
  if (parts.length === 1 && results.length === 0 && !intent.detail) {
    parts.push("I have no tool result for that, so I can only say that I understood your message.");
  }
  if (intent.detail) {
    // A fallback tool (the knowledge search) that found something already says what this is about.
    const fallback = new Set(tools.filter((t) => t.offline?.fallback).map((t) => t.name));
    const answered = results.some((r) => fallback.has(r.name) && !r.isError);
    if (!answered) {
      parts.push(`You asked: "${firstSentences(prompt, 40)}". ${ABOUT_INTERJECT}`);
    }
    if (earlier.length > 0) {
      parts.push(
        `For context, this is turn ${earlier.length + 1} of our conversation; before this you asked about ${earlierPrompts.map((p) => `"${firstSentences(p, 10)}"`).join(", ")}.`,
      );
    }
    parts.push(`### How I produced this answer\n\n${howIWork(tools)}`);
    parts.push(`### What to try next\n\n${NEXT_STEPS}`);
  }
  return parts.join("\n\n");
}
