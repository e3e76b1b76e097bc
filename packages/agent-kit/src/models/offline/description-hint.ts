/**
 * How the offline model picks a tool that has no OfflineHint (an MCP server's, or an agent's own tool written
 * without one): by the tool's name and description, conservatively. A prompt names such a tool when it holds
 * every distinctive word of the tool's own name (its part after `<server>__`: "get-sum" gives "sum"), or
 * at least three distinctive words of its description's first sentence; and it is called only when the input
 * its JSON Schema requires can be read off the prompt: one required string from quoted text (or the text
 * after a colon), numbers from the numbers in the prompt. Anything else (two required strings, a boolean, an
 * object) is left to `/tool <name> <json>`, because guessing would call tools the user never meant to call.
 * Deterministic, like the rest of the offline model.
 */
import type { ToolSpec } from "../provider.ts";

/** Name words too common to say which tool a prompt means ("get the sum" names `sum`, not `get`). */
const GENERIC = new Set([
  "get",
  "set",
  "list",
  "run",
  "do",
  "make",
  "tool",
  "tools",
  "call",
  "trigger",
  "operation",
  "fetch",
  "the",
  "a",
  "an",
  "of",
  "to",
  "and",
  "or",
  "by",
  "for",
  "with",
]);

/** Description words that say nothing about what a tool is for. */
const PLAIN = new Set(
  (
    "this that with from into when your their them then than have will would should could which what where " +
    "tool tools return returns returned given provide provides provided specified based input inputs output " +
    "outputs value values using used only also such more most other each some many over under about after " +
    "before between both does make makes like just here there these those been being were string strings " +
    "number numbers result results data information specific optional optionally allows allow"
  ).split(" "),
);

/** Description words a prompt must match at least this many of to name a tool by its description alone. */
const DESCRIPTION_MATCHES = 3;

/** Lower case, and the commonest English endings off, so "echoes" meets "echo" and "files" meets "file". */
function stem(word: string): string {
  const w = word.toLowerCase();
  if (w.length > 5 && w.endsWith("ing")) return w.slice(0, -3);
  if (w.length > 4 && w.endsWith("ed")) return w.slice(0, -2);
  if (w.length > 4 && w.endsWith("es")) return w.slice(0, -2);
  if (w.length > 3 && w.endsWith("s") && !w.endsWith("ss")) return w.slice(0, -1);
  return w;
}

/** The distinctive words of a tool's own name: `everything__get-sum` gives ["sum"]. */
export function nameWords(toolName: string): string[] {
  const own = toolName.includes("__") ? toolName.slice(toolName.indexOf("__") + 2) : toolName;
  return own
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .split(/[^A-Za-z0-9]+/)
    .filter((w) => w.length > 1 && !GENERIC.has(w.toLowerCase()))
    .map(stem);
}

const QUOTED = /"([^"]+)"|“([^”]+)”|'([^']+)'|`([^`]+)`/g;
const NUMBER = /-?\d+(?:\.\d+)?/g;

interface Schema {
  properties?: Record<string, { type?: unknown }>;
  required?: unknown;
}

/** The input the schema requires, read off the prompt; null when any required field cannot be read. */
export function inputFromPrompt(
  prompt: string,
  schema: Record<string, unknown>,
): Record<string, unknown> | null {
  const { properties = {}, required } = schema as Schema;
  const names = Array.isArray(required) ? required.filter((r): r is string => typeof r === "string") : [];
  const quoted = [...prompt.matchAll(QUOTED)].map((m) => m[1] ?? m[2] ?? m[3] ?? m[4] ?? "");
  const unquoted = prompt.replace(QUOTED, " ");
  const numbers = (unquoted.match(NUMBER) ?? []).map(Number);
  const strings = names.filter((n) => properties[n]?.type === "string");
  if (strings.length > 1) return null;
  const input: Record<string, unknown> = {};
  for (const name of names) {
    const type = properties[name]?.type;
    if (type === "string") {
      const afterColon = /:\s*(.+)$/su.exec(unquoted)?.[1]?.trim();
      const text = quoted[0] ?? afterColon;
      if (!text) return null;
      input[name] = text;
    } else if (type === "number" || type === "integer") {
      const n = numbers.shift();
      if (n === undefined || (type === "integer" && !Number.isInteger(n))) return null;
      input[name] = n;
    } else {
      return null;
    }
  }
  return input;
}

/** The distinctive words of a description's first sentence, stemmed. */
export function descriptionWords(description: string): Set<string> {
  const sentence = description.split(/(?<=[.!?])\s/)[0] ?? "";
  const words = (sentence.match(/[A-Za-z]+/g) ?? []).filter(
    (w) => w.length >= 4 && !PLAIN.has(w.toLowerCase()),
  );
  return new Set(words.map(stem));
}

function promptStems(prompt: string): Set<string> {
  return new Set((prompt.replace(QUOTED, " ").match(/[\p{L}\p{N}]+/gu) ?? []).map(stem));
}

/**
 * The tool without a hint that the prompt names, with its input, or null. A tool named by its name beats one
 * named by its description; then more matching words win; a tie goes to the first in the order given.
 */
export function pickByDescription(
  prompt: string,
  tools: readonly ToolSpec[],
): { tool: ToolSpec; input: Record<string, unknown> } | null {
  const words = promptStems(prompt);
  let best: { tool: ToolSpec; input: Record<string, unknown>; score: number } | null = null;
  for (const tool of tools) {
    if (tool.offline) continue;
    const wanted = nameWords(tool.name);
    const byName = wanted.length > 0 && wanted.every((w) => words.has(w));
    const described = [...descriptionWords(tool.description)].filter((w) => words.has(w)).length;
    if (!byName && described < DESCRIPTION_MATCHES) continue;
    const input = inputFromPrompt(prompt, tool.inputSchema);
    if (input === null) continue;
    const score = (byName ? 1000 + wanted.length * 10 : 0) + described;
    if (!best || score > best.score) best = { tool, input, score };
  }
  return best && { tool: best.tool, input: best.input };
}

/** The reasoning step for a tool picked by its description. */
export function descriptionReason(tool: ToolSpec): string {
  const sentence = tool.description.split(/(?<=[.!?])\s/)[0]?.trim() ?? "";
  const what = sentence ? ` ("${sentence.length > 120 ? `${sentence.slice(0, 119)}…` : sentence}")` : "";
  return `the prompt names ${tool.name}${what}`;
}
