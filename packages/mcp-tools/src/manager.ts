/**
 * The MCP tool manager: connects every configured server, offers the tools of the connected ones under
 * Bedrock-valid `<server>__<tool>` names, reports each server's status to subscribers, pings connected servers
 * as a health check, and withholds a down server's tools until it is back. Nothing a server does can throw
 * into the caller: failures become statuses and call outcomes, and a throwing subscriber is logged.
 */
import type { Tool } from "@modelcontextprotocol/sdk/types.js";
import { needsApproval } from "./approval.ts";
import type { AwsSettings } from "./auth/aws-settings.ts";
import type { EnvSource } from "./config/env-reference.ts";
import type { McpConfig } from "./config/server-config.ts";
import { DEFAULT_RETRY, type RetryPolicy } from "./connection/backoff.ts";
import { ServerConnection } from "./connection/server-connection.ts";
import { type McpLogger, silentLogger } from "./logger.ts";
import type { McpServerStatus } from "./status.ts";
import type { JsonSchemaObject, McpTool, McpToolAnnotations } from "./tool.ts";
import { exposedToolNames, keyOf } from "./tool-names.ts";

export const DEFAULT_HEALTH_CHECK_MS = 30_000;
const PING_TIMEOUT_MS = 10_000;

export interface McpToolManagerOptions {
  config: McpConfig;
  /** Where AWS_REGION is read (SigV4 and Secrets Manager region fallback). The agent passes process.env. */
  env?: EnvSource;
  logger?: McpLogger;
  retry?: Partial<RetryPolicy>;
  /** Ping connected servers this often; a failed ping reconnects. 0 turns it off. Default 30 s. */
  healthCheckIntervalMs?: number;
  /** What the client calls itself in the MCP handshake. */
  clientInfo?: { name: string; version: string };
  aws?: AwsSettings;
}

export type McpManagerEvent =
  | { type: "status"; status: McpServerStatus }
  /** The offered tools changed (a server connected, dropped, or changed its list): the full new list. */
  | { type: "tools"; tools: McpTool[] };

export type McpManagerListener = (event: McpManagerEvent) => void;

function annotationsOf(tool: Tool): McpToolAnnotations {
  const a = tool.annotations ?? {};
  const out: McpToolAnnotations = {};
  const title = a.title ?? tool.title;
  if (title !== undefined) out.title = title;
  if (a.readOnlyHint !== undefined) out.readOnlyHint = a.readOnlyHint;
  if (a.destructiveHint !== undefined) out.destructiveHint = a.destructiveHint;
  if (a.idempotentHint !== undefined) out.idempotentHint = a.idempotentHint;
  if (a.openWorldHint !== undefined) out.openWorldHint = a.openWorldHint;
  return out;
}

function schemaOf(tool: Tool): JsonSchemaObject {
  const { $schema: _dropped, ...schema } = tool.inputSchema as Record<string, unknown>;
  return { ...schema, type: "object" };
}

export class McpToolManager {
  private readonly connections: ServerConnection[];
  private readonly listeners = new Set<McpManagerListener>();
  private readonly logger: McpLogger;
  private readonly healthCheckMs: number;
  private healthTimer: NodeJS.Timeout | undefined;
  private offered: McpTool[] = [];
  private byName = new Map<string, McpTool>();
  private started = false;

  constructor(options: McpToolManagerOptions) {
    this.logger = options.logger ?? silentLogger;
    this.healthCheckMs = options.healthCheckIntervalMs ?? DEFAULT_HEALTH_CHECK_MS;
    const deps = {
      logger: this.logger,
      retry: { ...DEFAULT_RETRY, ...options.retry },
      clientInfo: options.clientInfo ?? { name: "interject-agent", version: "0.0.0" },
      aws: options.aws ?? {},
      env: options.env ?? {},
      onChange: (connection: ServerConnection, what: "status" | "tools") => {
        if (what === "status") this.emit({ type: "status", status: connection.status() });
        else this.rebuildTools();
      },
    };
    this.connections = options.config.servers.map((server) => new ServerConnection(server, deps));
  }

  /** Starts connecting every enabled server in the background; returns at once and never throws. */
  start(): void {
    if (this.started) return;
    this.started = true;
    for (const connection of this.connections) connection.start();
    if (this.healthCheckMs > 0) {
      this.healthTimer = setInterval(() => {
        for (const connection of this.connections)
          void connection.ping(Math.min(PING_TIMEOUT_MS, this.healthCheckMs));
      }, this.healthCheckMs);
      this.healthTimer.unref();
    }
  }

  /** Resolves when every server's first attempt has ended (connected or down), or after `timeoutMs`. */
  async whenSettled(timeoutMs = 30_000): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.all(this.connections.map((c) => c.settled())),
      new Promise<void>((resolve) => {
        timer = setTimeout(resolve, timeoutMs);
      }),
    ]);
    clearTimeout(timer);
  }

  /** The tools offered now: those of connected servers, less the disabled ones. */
  tools(): McpTool[] {
    return this.offered;
  }

  /** An offered tool by its model-facing name. */
  tool(name: string): McpTool | undefined {
    return this.byName.get(name);
  }

  statuses(): McpServerStatus[] {
    return this.connections.map((c) => c.status());
  }

  /** Status and tool-list events; returns the function that unsubscribes. */
  subscribe(listener: McpManagerListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Closes every connection (stdio children are ended, HTTP sessions deleted). */
  async close(): Promise<void> {
    clearInterval(this.healthTimer);
    await Promise.all(this.connections.map((c) => c.close()));
    this.rebuildTools();
  }

  private emit(event: McpManagerEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (err) {
        this.logger.error(
          { err: err instanceof Error ? err.message : String(err) },
          "MCP manager listener threw",
        );
      }
    }
  }

  private rebuildTools(): void {
    const listed = this.connections.flatMap((connection) =>
      connection.tools().map((tool) => ({ connection, tool })),
    );
    const names = exposedToolNames(
      listed.map(({ connection, tool }) => ({ server: connection.name, tool: tool.name })),
    );
    const tools: McpTool[] = listed.map(({ connection, tool }) => {
      const annotations = annotationsOf(tool);
      return {
        name: names.get(keyOf(connection.name, tool.name)) ?? tool.name,
        serverName: connection.name,
        toolName: tool.name,
        description:
          tool.description ||
          annotations.title ||
          `The ${tool.name} tool of the ${connection.name} MCP server.`,
        inputSchema: schemaOf(tool),
        annotations,
        needsApproval: needsApproval(tool.name, annotations, connection.config.approval),
        call: (input, options) => connection.call(tool.name, input, options),
      };
    });
    tools.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    this.offered = tools;
    this.byName = new Map(tools.map((t) => [t.name, t]));
    this.emit({ type: "tools", tools });
  }
}
