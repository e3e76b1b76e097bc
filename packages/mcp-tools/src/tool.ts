/**
 * The neutral tool shape the agent kit adapts: what the model sees (name, description, input JSON Schema),
 * what the approval flow needs, and `call`, which always resolves (a failure is an outcome, never a throw).
 */

/** MCP's tool annotations: hints from the server, not guarantees. */
export interface McpToolAnnotations {
  title?: string;
  readOnlyHint?: boolean;
  destructiveHint?: boolean;
  idempotentHint?: boolean;
  openWorldHint?: boolean;
}

/** A JSON Schema object as the server gave it (top-level `type: "object"`), without `$schema`. */
export type JsonSchemaObject = { type: "object" } & Record<string, unknown>;

export type McpResultPart =
  | { type: "text"; text: string }
  /** `data` is base64, as MCP sends it: render it from the data, never fetch anything. */
  | { type: "image"; mimeType: string; data: string }
  /** A link the server points at: show it, never fetch it. */
  | { type: "resource_link"; uri: string; name: string; mimeType?: string; description?: string };

export const MCP_CALL_OUTCOMES = [
  /** The server answered; `isError` says whether the tool itself reported an error. */
  "completed",
  /** The caller's signal aborted the call; the server was sent notifications/cancelled. */
  "cancelled",
  /** No answer or progress within the server's call timeout (or over its maximum): cancelled on the server. */
  "timed-out",
  /** The server was not connected; nothing was sent. */
  "unavailable",
  /** The server refused the request (JSON-RPC error), the answer was malformed, or the connection broke. */
  "failed",
] as const;
export type McpCallOutcome = (typeof MCP_CALL_OUTCOMES)[number];

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
