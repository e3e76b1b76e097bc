/**
 * What an agent tells the broker about its MCP servers, and what it hears back: the agent posts a report
 * (`POST /internal/v1/mcp/status`, bearer ingest token) when a server's status or the tool list changes and
 * every `reportSeconds` besides; the answer lists the tools an administrator switched off, which the agent
 * then withholds from the model. The broker has no route to an agent container on AWS, so the agent asks.
 */
import { z } from "zod";
import { EpochMs, Id } from "./common.ts";

/** A server's state: `connecting`, `connected` (its tools are offered), `down` (withheld, retried), `disabled`. */
export const McpServerState = z.enum(["connecting", "connected", "down", "disabled"]);
export type McpServerState = z.infer<typeof McpServerState>;

export const McpTransportKind = z.enum(["stdio", "http"]);
export type McpTransportKind = z.infer<typeof McpTransportKind>;

/** An MCP server's name: the key of its entry in the agent's `mcpServers` config. */
export const McpServerName = z.string().min(1).max(64);
/** A tool's own name on its server. */
export const McpToolName = z.string().min(1).max(256);

/** MCP's tool annotations: the server's own hints, not guarantees. */
export const McpToolAnnotations = z.strictObject({
  title: z.string().max(256).optional(),
  readOnlyHint: z.boolean().optional(),
  destructiveHint: z.boolean().optional(),
  idempotentHint: z.boolean().optional(),
  openWorldHint: z.boolean().optional(),
});
export type McpToolAnnotations = z.infer<typeof McpToolAnnotations>;

export const McpServerReport = z.strictObject({
  server: McpServerName,
  transport: McpTransportKind,
  state: McpServerState,
  /** When it entered this state. */
  since: EpochMs,
  /** Tools it offers (0 unless connected). */
  toolCount: z.int().min(0).max(10_000),
  /** Failed attempts since it was last connected. */
  failures: z.int().min(0),
  /** Why it is down, secrets redacted by the agent. */
  lastError: z.string().max(2000).optional(),
  /** When the agent tries again (down only). */
  nextRetryAt: EpochMs.optional(),
  /** The server's own name and version from the MCP handshake (connected only). */
  serverInfo: z.strictObject({ name: z.string().max(256), version: z.string().max(256) }).optional(),
});
export type McpServerReport = z.infer<typeof McpServerReport>;

/** A tool of a connected server, whether or not it is withheld. */
export const McpToolReport = z.strictObject({
  /** What the model calls it: `<server>__<tool>`. */
  name: z.string().min(1).max(64),
  server: McpServerName,
  tool: McpToolName,
  description: z.string().max(1000),
  annotations: McpToolAnnotations,
  /** Each call waits for the user's approval. */
  needsApproval: z.boolean(),
  /** Switched off by an administrator: not offered to the model. */
  withheld: z.boolean(),
});
export type McpToolReport = z.infer<typeof McpToolReport>;

/** One tool, by its server and its own name there (stable, unlike the model-facing name). */
export const McpToolRef = z.strictObject({ server: McpServerName, tool: McpToolName });
export type McpToolRef = z.infer<typeof McpToolRef>;

export const McpStatusReport = z.strictObject({
  /** The agent's name (the kit's app name): switches are kept per agent. */
  agent: z.string().min(1).max(64),
  /** This process: on AWS every runtime session runs in a microVM of its own, each one reporting. */
  instanceId: Id,
  /** How often this process reports while nothing changes; the broker counts it gone after three misses. */
  reportSeconds: z.int().min(1).max(3600),
  servers: z.array(McpServerReport).max(100),
  tools: z.array(McpToolReport).max(1000),
});
export type McpStatusReport = z.infer<typeof McpStatusReport>;

export const McpStatusAnswer = z.strictObject({
  /** The tools an administrator switched off for this agent. */
  withheld: z.array(McpToolRef).max(1000),
});
export type McpStatusAnswer = z.infer<typeof McpStatusAnswer>;

/** The largest report body the broker reads. */
export const MAX_MCP_STATUS_BYTES = 2 * 1024 * 1024;
