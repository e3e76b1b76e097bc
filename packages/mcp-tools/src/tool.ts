/**
 * The neutral tool shape the agent kit adapts: what the model sees (name, description, input JSON Schema),
 * what the approval flow needs, and `call`, which always resolves (a failure is an outcome, never a throw).
 */
import { type McpToolAnnotations, ToolCallOutcome } from "@interject/protocol";

/** MCP's tool annotations (the server's hints, not guarantees), as the protocol reports them to the broker. */
export type { McpToolAnnotations };

/** A JSON Schema object as the server gave it (top-level `type: "object"`), without `$schema`. */
export type JsonSchemaObject = { type: "object" } & Record<string, unknown>;

export type McpResultPart =
  | { type: "text"; text: string }
  /** `data` is base64, as MCP sends it: render it from the data, never fetch anything. */
  | { type: "image"; mimeType: string; data: string }
  /** A link the server points at: show it, never fetch it. */
  | { type: "resource_link"; uri: string; name: string; mimeType?: string; description?: string };

/**
 * How a call ended: the protocol's `ToolCallOutcome` (the agent traces it). `completed`: the server answered
 * (`isError` says whether the tool reported an error); `cancelled`: the caller's signal aborted, the server was
 * sent notifications/cancelled; `timed-out`: no answer or progress within the call timeout (or over its
 * maximum), cancelled on the server; `unavailable`: the server was not connected, nothing was sent; `failed`:
 * a JSON-RPC error, a malformed answer, or a broken connection.
 */
export const MCP_CALL_OUTCOMES = ToolCallOutcome.options;
export type McpCallOutcome = ToolCallOutcome;

export interface McpToolResult {
  outcome: McpCallOutcome;
  /** True for every outcome but a completed call the tool reported as successful. */
  isError: boolean;
  /** For the model, in full. Failures carry one text part saying what happened. */
  content: McpResultPart[];
  /** The server's structured result, when it gave one. */
  structuredContent?: Record<string, unknown>;
  durationMs: number;
}

export interface McpProgress {
  progress: number;
  total?: number;
  message?: string;
}

export interface McpCallOptions {
  /** Aborting cancels the call on the server (notifications/cancelled) and resolves with outcome "cancelled". */
  signal?: AbortSignal;
  /** MCP progress notifications for this call; each one also restarts the call timeout. */
  onProgress?: (progress: McpProgress) => void;
}

export interface McpTool {
  /** What the model calls it: `<server>__<tool>`, valid for Bedrock. */
  name: string;
  /** The config key of its server. */
  serverName: string;
  /** The server's own name for it. */
  toolName: string;
  description: string;
  inputSchema: JsonSchemaObject;
  annotations: McpToolAnnotations;
  /** Each call waits for the user's approval (see approval.ts). */
  needsApproval: boolean;
  call(input: Record<string, unknown>, options?: McpCallOptions): Promise<McpToolResult>;
}
