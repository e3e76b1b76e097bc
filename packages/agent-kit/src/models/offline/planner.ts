/**
 * Which tools the offline model calls for a prompt. First `/tool <name> <json arguments>` (deterministic:
 * tests and demos use it), then each tool's OfflineHint in the order the tools were given, then a tool
 * without a hint that the prompt names (description-hint.ts), then a fallback hint when nothing else matched. Returns the calls and the reasoning step that explains them.
 */
import type { ToolCall, ToolSpec } from "../provider.ts";
import { descriptionReason, pickByDescription } from "./description-hint.ts";
import { isPersonal, readIntent } from "./intent.ts";

let callCounter = 0;
const callId = (name: string) => `offline-${name}-${++callCounter}`;

const COMMAND = /^\s*\/tool\s+(\S+)\s*([\s\S]*)$/u;

export interface Plan {
  calls: ToolCall[];
  rationale: string;
  /** A `/tool` command that could not be run, in words for the answer. */
  problem: string | null;
}

/** Parses `/tool <name> <json>`; undefined when the prompt is not a command. */
export function readToolCommand(
  prompt: string,
): { name: string; input: unknown } | { name: string; error: string } | undefined {
  const match = COMMAND.exec(prompt);
  if (!match) return undefined;
  const name = match[1] ?? "";
  const json = (match[2] ?? "").trim();
  if (json === "") return { name, input: {} };
  try {
    const input: unknown = JSON.parse(json);
    if (typeof input !== "object" || input === null || Array.isArray(input)) {
      return {
        name,
        error: 'the arguments must be a JSON object, e.g. /tool calculator {"expression": "2+2"}',
      };
    }
    return { name, input };
  } catch (error) {
    return { name, error: `the arguments are not valid JSON (${(error as Error).message})` };
  }
}

export function planTools(prompt: string, tools: readonly ToolSpec[]): Plan {
  const command = readToolCommand(prompt);
  if (command) {
    const known = tools.some((t) => t.name === command.name);
    if (!known) {
      const names = tools.map((t) => t.name).join(", ") || "none";
      return {
        calls: [],
        rationale: `The user asked for the tool ${command.name}, which I do not have.`,
        problem: `There is no tool named "${command.name}". The tools I have: ${names}.`,
      };
    }
    if ("error" in command) {
      return {
        calls: [],
        rationale: `The user asked for ${command.name} with arguments I cannot read.`,
        problem: `I did not call ${command.name}: ${command.error}.`,
      };
    }
    return {
      calls: [{ id: callId(command.name), name: command.name, input: command.input }],
      rationale: `I will call ${command.name} because the user asked for it by name with its arguments.`,
      problem: null,
    };
  }
  const intent = readIntent(prompt);
  const calls: ToolCall[] = [];
  const reasons: string[] = [];
  const choose = (tool: ToolSpec, input: unknown) => {
    calls.push({ id: callId(tool.name), name: tool.name, input });
    reasons.push(tool.offline?.reason(prompt) ?? `the prompt asks for ${tool.name}`);
  };
  for (const tool of tools) {
    if (!tool.offline || tool.offline.fallback) continue;
    const input = tool.offline.plan(prompt, intent);
    if (input !== null) choose(tool, input);
  }
  // A tool without a hint (an MCP server's) that the prompt names, before the catch-all fallback.
  if (calls.length === 0 && !isPersonal(intent)) {
    const picked = pickByDescription(prompt, tools);
    if (picked) {
      calls.push({ id: callId(picked.tool.name), name: picked.tool.name, input: picked.input });
      reasons.push(descriptionReason(picked.tool));
    }
  }
  if (calls.length === 0 && !isPersonal(intent)) {
    const fallback = tools.find((t) => t.offline?.fallback);
    const input = fallback?.offline?.plan(prompt, intent) ?? null;
    if (fallback && input !== null) choose(fallback, input);
  }
  return {
    calls,
    rationale: `I will call ${calls.map((c) => c.name).join(", ") || "no tool"} because ${reasons.join("; ") || "none is needed"}.`,
    problem: null,
  };
}
