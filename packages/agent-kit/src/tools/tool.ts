/**
 * What a tool is: a name, a zod input schema (which also gives providers their JSON Schema), whether a
 * person must approve each call, the milestone users see while it runs, and the function itself.
 */
import { z } from "zod";
import type { OfflineHint } from "../models/offline/hint.ts";
import type { ToolSpec } from "../models/provider.ts";

/** Per-session state tools may keep between turns, each under its own key (a ticket list, a cart). */
export type ToolSessionState = Map<string, unknown>;

export interface ToolContext {
  signal: AbortSignal;
  session: ToolSessionState;
  now: () => Date;
}

export interface Tool<I = unknown> {
  name: string;
  description: string;
  input: z.ZodType<I>;
  /** Short text for users while the tool runs, e.g. "Searching the knowledge base". */
  milestone: string;
  /** When set, each call waits for the user's approval; the function says what will happen, in words. */
  approval?: (input: I) => string;
  /** How the offline model decides to call this tool (see models/offline/hint.ts). */
  offline?: OfflineHint;
  run(input: I, context: ToolContext): Promise<string>;
}

/** Erases a tool's input type so tools of different inputs share one registry. */
export function defineTool<I>(tool: Tool<I>): Tool<unknown> {
  return tool as unknown as Tool<unknown>;
}

export class ToolRegistry {
  private readonly tools = new Map<string, Tool<unknown>>();

  constructor(tools: Tool<unknown>[]) {
    for (const tool of tools) this.tools.set(tool.name, tool);
  }

  get(name: string): Tool<unknown> | undefined {
    return this.tools.get(name);
  }

  specs(): ToolSpec[] {
    return [...this.tools.values()].map((tool) => {
      const { $schema: _ignored, ...inputSchema } = z.toJSONSchema(tool.input) as Record<string, unknown>;
      return {
        name: tool.name,
        description: tool.description,
        inputSchema,
        ...(tool.offline ? { offline: tool.offline } : {}),
      };
    });
  }
}
