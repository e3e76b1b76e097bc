/**
 * Writes the offline model's answer from what it knows: the prompt's intent, the tool results of this turn
 * and the earlier turns. Deterministic: the same conversation always gives the same words.
 */
import type { ChatMessage, ToolResult } from "../provider.ts";
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

const HOW_I_WORK = [
  "A word on how this answer was made. I am the offline model, which Interject uses when no cloud model is configured (AGENT_MODEL=offline, the default).",
  "I run entirely inside the agent process, with no network access, and I am deterministic: the same conversation always produces the same words.",
  "I still work like a real agent: for each prompt I decide which tools to call, the agent runs them and traces every step, and I write the answer from their results.",
  "My tools are a full-text search over the Markdown knowledge base in AGENT_KNOWLEDGE_DIR, a calculator, the clock, and create_ticket, which files a support ticket only after you approve it.",
  "Because my words stream at a steady reading pace, you can interrupt me at any moment: send a new message or press stop, and the part you have already read is kept in the conversation, marked as interrupted, so I can take it into account in the next turn.",
].join(" ");

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

function firstSentences(text: string, maxWords: number): string {
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

/** Knowledge-base sections from a search_knowledge result: heading, file and text. */
function sectionsOf(output: string): Array<{ heading: string; text: string }> {
  if (!output.startsWith("## ")) return [];
  return output
    .split(/^## /m)
    .filter((part) => part.trim())
    .map((part) => {
      const [head = "", ...rest] = part.split("\n");
      return { heading: head.trim(), text: rest.join("\n").trim() };
    });
}

function toolParagraph(result: ToolResult, intent: Intent): string {
  switch (result.name) {
    case "calculator":
      return result.isError
        ? `I could not calculate that: ${result.output}`
        : `The calculator says: ${result.output}.`;
    case "clock":
      return result.isError
        ? `I could not read the clock: ${result.output}`
        : `According to the clock, it is now ${result.output}.`;
    case "create_ticket":
      return result.isError
        ? `I did not file the ticket. ${result.output}`
        : `Done. ${result.output} It is recorded in this session.`;
    case "search_knowledge": {
      const sections = sectionsOf(result.output);
      if (result.isError || sections.length === 0) {
        return "I found nothing about that in the knowledge base, and as the offline model I know nothing beyond it and my tools.";
      }
      const perSection = intent.detail ? 140 : 45;
      const shown = intent.detail ? sections : sections.slice(0, 2);
      return [
        "Here is what the knowledge base says.",
        ...shown.map((s) => `**${s.heading}**: ${firstSentences(s.text, perSection)}`),
      ].join("\n\n");
    }
    default:
      return `${result.name}: ${result.output}`;
  }
}

/** The whole answer for one turn. */
export function writeAnswer(conversation: Conversation): string {
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
  for (const result of results) parts.push(toolParagraph(result, intent));
  if (intent.greeting && results.length === 0)
    parts.push("How can I help? Ask me about Interject, or try a calculation.");
  if (parts.length === 1 && results.length === 0 && !intent.detail) {
    parts.push("I have no tool result for that, so I can only say that I understood your message.");
  }
  if (intent.detail) {
    const knowledge = results.some((r) => r.name === "search_knowledge" && sectionsOf(r.output).length > 0);
    if (!knowledge) {
      parts.push(`You asked: "${firstSentences(prompt, 40)}". ${ABOUT_INTERJECT}`);
    }
    if (earlier.length > 0) {
      parts.push(
        `For context, this is turn ${earlier.length + 1} of our conversation; before this you asked about ${earlierPrompts.map((p) => `"${firstSentences(p, 10)}"`).join(", ")}.`,
      );
    }
    parts.push(`### How I produced this answer\n\n${HOW_I_WORK}`);
    parts.push(`### What to try next\n\n${NEXT_STEPS}`);
  }
  return parts.join("\n\n");
}
