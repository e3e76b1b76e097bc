/**
 * What a tool is: a name, its input schema (a zod schema, which also gives providers their JSON Schema, or a
 * JSON Schema as given, for tools the kit did not write, such as an MCP server's), whether a person must
 * approve each call, the milestone users see while it runs, and the function itself. The registry holds the
 * agent's own tools and the tools of sources whose list changes while the agent runs (MCP servers).
 */
import type { JsonSchemaObject } from "@interject/mcp-tools";
import type { McpToolOrigin, ToolCallOutcome, TraceAttachment } from "@interject/protocol";
import { z } from "zod";
import type { OfflineHint } from "../models/offline/hint.ts";
import type { ToolSpec } from "../models/provider.ts";

/** Per-session state tools may keep between turns, each under its own key (a ticket list, a cart). */
export type ToolSessionState = Map<string, unknown>;

export interface ToolContext {
  signal: AbortSignal;
  session: ToolSessionState;
  now: () => Date;
  /** Tells users how far the tool has got (shown as a milestone; frequent calls are thinned out). */
  progress: (text: string) => void;
}

/** A result with more than text: what the model gets, what the trace shows, and how the call ended. */
export interface ToolOutput {
  /** For the model, in full. */
  text: string;
  isError: boolean;
  /** How the call ended; `completed` when unset. */
  outcome?: ToolCallOutcome;
  /** What the trace shows instead of `text` (already cut to a sensible length), and its images and links. */
  trace?: { output: string; attachments?: TraceAttachment[] };
}

interface ToolBase<I> {
  name: string;
  description: string;
  /** Short text for users while the tool runs, e.g. "Searching the knowledge base". */
  milestone: string;
  /** When set, each call waits for the user's approval; the function says what will happen, in words. */
  approval?: (input: I) => string;
  /** How the offline model decides to call this tool (see models/offline/hint.ts). */
  offline?: OfflineHint;
  /** Set for a tool of an MCP server: traced with its calls. */
  mcp?: McpToolOrigin;
  /** A string is a successful result; throw for a failure, or return a ToolOutput. */
  run(input: I, context: ToolContext): Promise<string | ToolOutput>;
}

/** A tool whose input is checked by a zod schema (the kit's and an agent's own tools). */
export interface SchemaTool<I> extends ToolBase<I> {
  input: z.ZodType<I>;
  inputSchema?: undefined;
}

/**
 * A tool whose input is described by a JSON Schema it brings (an MCP server's): the kit checks the input is a
 * JSON object and leaves the rest to the tool, whose own error then reaches the model.
 */
export interface JsonSchemaTool extends ToolBase<Record<string, unknown>> {
  inputSchema: JsonSchemaObject;
  input?: undefined;
}

export type Tool<I = unknown> = SchemaTool<I> | JsonSchemaTool;

/** Erases a tool's input type so tools of different inputs share one registry. */
export function defineTool<I>(tool: SchemaTool<I>): Tool<unknown> {
  return tool as unknown as Tool<unknown>;
}

/** A call with its input checked: what to ask the user (when the tool needs approval) and how to run it. */
export type PreparedCall =
  | { ok: false; message: string }
  | {
      ok: true;
      input: unknown;
      /** The approval summary, or null when the tool needs none. */
      approval: string | null;
      run: (context: ToolContext) => Promise<string | ToolOutput>;
    };

/** Checks a model's input for a tool: by its zod schema, or as a JSON object for a JSON Schema tool. */
export function prepareCall(tool: Tool<unknown>, input: unknown): PreparedCall {
  const value = input ?? {};
  if (tool.input !== undefined) {
    const parsed = tool.input.safeParse(value);
    if (!parsed.success) {
      const issues = parsed.error.issues.map((i) => `${i.path.join(".") || "input"} ${i.message}`);
      return { ok: false, message: issues.join("; ") };
    }
    const data = parsed.data;
    return {
      ok: true,
      input: data,
      approval: tool.approval ? tool.approval(data) : null,
      run: (context) => tool.run(data, context),
    };
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return { ok: false, message: "input must be a JSON object" };
  }
  const object = value as Record<string, unknown>;
  return {
    ok: true,
    input: object,
    approval: tool.approval ? tool.approval(object) : null,
    run: (context) => tool.run(object, context),
  };
}

/** A tool's JSON Schema for providers, without `$schema`. */
function inputSchemaOf(tool: Tool<unknown>): Record<string, unknown> {
  if (tool.inputSchema) return tool.inputSchema;
  const { $schema: _ignored, ...schema } = z.toJSONSchema(tool.input) as Record<string, unknown>;
  return schema;
}

function specOf(tool: Tool<unknown>): ToolSpec {
  return {
    name: tool.name,
    description: tool.description,
    inputSchema: inputSchemaOf(tool),
    ...(tool.offline ? { offline: tool.offline } : {}),
  };
}

/** Tools whose list changes while the agent runs (an MCP server's come and go with the server). */
export interface ToolSource {
  /** The tools offered now; a new array whenever the list changed. */
  tools(): readonly Tool<unknown>[];
}

export class ToolRegistry {
  private readonly own = new Map<string, Tool<unknown>>();
  private readonly ownSpecs: ToolSpec[];
  /** Each source's last list and its specs, so specs are built once per change, not per model call. */
  private readonly seen: Array<{ tools: readonly Tool<unknown>[]; specs: ToolSpec[] }>;
  private cached: ToolSpec[] | null = null;

  constructor(
    tools: readonly Tool<unknown>[],
    private readonly sources: readonly ToolSource[] = [],
  ) {
    for (const tool of tools) this.own.set(tool.name, tool);
    this.ownSpecs = [...this.own.values()].map(specOf);
    this.seen = sources.map(() => ({ tools: [], specs: [] }));
  }

  /** A tool by name: the agent's own first, then the sources' offered ones. */
  get(name: string): Tool<unknown> | undefined {
    const own = this.own.get(name);
    if (own) return own;
    for (const source of this.sources) {
      const found = source.tools().find((tool) => tool.name === name);
      if (found) return found;
    }
    return undefined;
  }

  /** What the model is offered now: the agent's own tools, then every source's (a name taken is skipped). */
  specs(): ToolSpec[] {
    let changed = this.cached === null;
    this.sources.forEach((source, i) => {
      const tools = source.tools();
      const seen = this.seen[i];
      if (!seen || seen.tools === tools) return;
      this.seen[i] = { tools, specs: tools.filter((t) => !this.own.has(t.name)).map(specOf) };
      changed = true;
    });
    if (changed || this.cached === null) {
      this.cached = [...this.ownSpecs, ...this.seen.flatMap((s) => s.specs)];
    }
    return this.cached;
  }
}
