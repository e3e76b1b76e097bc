/**
 * What the offline model reads from a prompt: whether it wants detail, arithmetic, the time, a ticket, or
 * something said earlier in the conversation. Plain pattern matching, deterministic by design.
 */
import { evaluate } from "../../tools/calculator.ts";

const DETAIL =
  /\b(detail(ed|s)?|in depth|in-depth|elaborate|thorough(ly)?|comprehensive|everything|at length|long answer|essay|step by step|explain)\b|詳しく|詳細|详细|詳細|자세히|подробно|detallad|en détail|ausführlich|detalhad|dettagli/iu;
const TIME =
  /\b(time|date|today|clock|what day|hora|heure|uhr|fecha)\b|何時|時間|日付|今日|几点|日期|시간|날짜|время|дата/iu;
const TICKET =
  /\b(ticket|support request|file a bug|open an issue|report (a|an) (bug|issue|problem))\b|チケット|工单|티켓/iu;
const EXPRESSION =
  /(?:\b(?:sqrt|abs|round|floor|ceil|ln|log|exp|sin|cos|tan|min|max|pi)\b|[\d.()+\-*/^%×÷,]|\s)+/giu;
const NAME_STATEMENT = /\bmy name is ([\p{L}][\p{L}' -]{0,40}?)(?=[.,!?]|$|\s+and\b)/iu;
const NAME_QUESTION = /\bwhat(?:'s| is) my name\b|\bwho am i\b/iu;
const RECALL =
  /\b(what did i (say|ask|tell you)|earlier|before|previous(ly)?|remember|first question|last question)\b/iu;
const GREETING =
  /^\s*(hi|hello|hey|good (morning|afternoon|evening)|thanks|thank you|こんにちは|ありがとう|你好|谢谢|hola|bonjour|hallo|ciao)\b[\s!.,]*$/iu;

export interface Intent {
  detail: boolean;
  time: boolean;
  expression: string | null;
  ticketTitle: string | null;
  statedName: string | null;
  asksName: boolean;
  recall: boolean;
  greeting: boolean;
}

/** The longest piece of the prompt that is a valid arithmetic expression with an operator or a function. */
export function findExpression(text: string): string | null {
  const candidates = (text.match(EXPRESSION) ?? [])
    .map((c) => c.trim().replace(/^[,.]+|[,.]+$/g, ""))
    .filter((c) => /\d/.test(c) && (/[+\-*/^%×÷]/.test(c) || /[a-z]\(/i.test(c)))
    .sort((a, b) => b.length - a.length);
  for (const candidate of candidates) {
    try {
      evaluate(candidate);
      return candidate;
    } catch {
      // not an expression after all; try the next candidate
    }
  }
  return null;
}

function ticketTitle(text: string): string {
  const about = /\b(?:about|for|regarding|titled|called)\s+["“]?(.+?)["”]?[.!?]?$/iu.exec(text.trim());
  const title = (about?.[1] ?? text).trim().replace(/\s+/g, " ");
  return title.length > 80 ? `${title.slice(0, 77)}...` : title;
}

export function readIntent(text: string): Intent {
  return {
    detail: DETAIL.test(text),
    time: TIME.test(text),
    expression: findExpression(text),
    ticketTitle: TICKET.test(text) ? ticketTitle(text) : null,
    statedName: NAME_STATEMENT.exec(text)?.[1]?.trim() ?? null,
    asksName: NAME_QUESTION.test(text),
    recall: RECALL.test(text),
    greeting: GREETING.test(text),
  };
}

/** The name the user gave in earlier prompts, most recent first. */
export function rememberedName(prompts: readonly string[]): string | null {
  for (let i = prompts.length - 1; i >= 0; i--) {
    const name = NAME_STATEMENT.exec(prompts[i] ?? "")?.[1]?.trim();
    if (name) return name;
  }
  return null;
}
