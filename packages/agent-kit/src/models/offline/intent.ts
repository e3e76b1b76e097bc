/**
 * What the offline model reads from any prompt, whatever the tools: whether it wants detail, states or asks
 * the user's name, recalls earlier turns, or is a greeting. Which tool a prompt calls for is each tool's own
 * `OfflineHint` (see hint.ts). Plain pattern matching, deterministic by design.
 */

const DETAIL =
  /\b(detail(ed|s)?|in depth|in-depth|elaborate|thorough(ly)?|comprehensive|everything|at length|long answer|essay|step by step|explain)\b|詳しく|詳細|详细|詳細|자세히|подробно|detallad|en détail|ausführlich|detalhad|dettagli/iu;
const NAME_STATEMENT = /\bmy name is ([\p{L}][\p{L}' -]{0,40}?)(?=[.,!?]|$|\s+and\b)/iu;
const NAME_QUESTION = /\bwhat(?:'s| is) my name\b|\bwho am i\b/iu;
const RECALL =
  /\b(what did i (say|ask|tell you)|earlier|before|previous(ly)?|remember|first question|last question)\b/iu;
const GREETING =
  /^\s*(hi|hello|hey|good (morning|afternoon|evening)|thanks|thank you|こんにちは|ありがとう|你好|谢谢|hola|bonjour|hallo|ciao)\b[\s!.,]*$/iu;

export interface Intent {
  detail: boolean;
  statedName: string | null;
  asksName: boolean;
  recall: boolean;
  greeting: boolean;
}

export function readIntent(text: string): Intent {
  return {
    detail: DETAIL.test(text),
    statedName: NAME_STATEMENT.exec(text)?.[1]?.trim() ?? null,
    asksName: NAME_QUESTION.test(text),
    recall: RECALL.test(text),
    greeting: GREETING.test(text),
  };
}

/** Whether the prompt is about the conversation itself rather than something a tool could answer. */
export function isPersonal(intent: Intent): boolean {
  return intent.statedName !== null || intent.asksName || intent.recall || intent.greeting;
}

/** The name the user gave in earlier prompts, most recent first. */
export function rememberedName(prompts: readonly string[]): string | null {
  for (let i = prompts.length - 1; i >= 0; i--) {
    const name = NAME_STATEMENT.exec(prompts[i] ?? "")?.[1]?.trim();
    if (name) return name;
  }
  return null;
}
