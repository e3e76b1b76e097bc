/**
 * The agent's MCP tools: runs an McpToolManager over the configured servers and offers the connected
 * servers' tools as kit tools (a ToolSource for the registry), less those an administrator switched off. A
 * server that is down has its tools withheld by the manager; nothing a server does reaches the agent as an
 * exception. Listeners hear of every change (the status reporter sends it to the broker).
 */
import {
  type McpConfig,
  type McpLogger,
  type McpServerStatus,
  type McpTool,
  McpToolManager,
  type McpToolManagerOptions,
} from "@interject/mcp-tools";
import type { McpServerReport, McpToolRef, McpToolReport } from "@interject/protocol";
import type { Tool, ToolSource } from "../tools/tool.ts";
import { adaptMcpTool } from "./mcp-tool-adapter.ts";

export interface McpToolSetOptions {
  config: McpConfig;
  logger: McpLogger;
  /** Where AWS_REGION is read for SigV4 and Secrets Manager. */
  env: Record<string, string | undefined>;
  clientInfo: { name: string; version: string };
  /** Test hooks passed to the manager (retry delays, health checks, AWS endpoints). */
  manager?: Partial<Pick<McpToolManagerOptions, "retry" | "healthCheckIntervalMs" | "aws">>;
}

const refKey = (server: string, tool: string) => `${server}\u0000${tool}`;

/** Tool descriptions are reported to the broker up to this length. */
const REPORT_DESCRIPTION_CHARS = 1000;

export class McpToolSet implements ToolSource {
  readonly manager: McpToolManager;
  private withheld = new Set<string>();
  private offered: readonly Tool<unknown>[] = [];
  private readonly listeners = new Set<() => void>();
  private readonly unsubscribe: () => void;

  constructor(options: McpToolSetOptions) {
    this.manager = new McpToolManager({
      config: options.config,
      env: options.env,
      logger: options.logger,
      clientInfo: options.clientInfo,
      ...options.manager,
    });
    this.unsubscribe = this.manager.subscribe((event) => {
      if (event.type === "tools") this.rebuild();
      this.changed();
    });
  }

  /** Connects every server in the background; returns at once. */
  start(): void {
    this.manager.start();
  }

  /** Resolves once every server was tried once (connected or down), or after `timeoutMs`. */
  whenSettled(timeoutMs?: number): Promise<void> {
    return this.manager.whenSettled(timeoutMs);
  }

  /** The kit tools offered to the model now. */
  tools(): readonly Tool<unknown>[] {
    return this.offered;
  }

  statuses(): McpServerStatus[] {
    return this.manager.statuses();
  }

  /** The administrator's switches: these tools are withheld from the model until switched on again. */
  setWithheld(refs: readonly McpToolRef[]): void {
    const next = new Set(refs.map((r) => refKey(r.server, r.tool)));
    if (next.size === this.withheld.size && [...next].every((k) => this.withheld.has(k))) return;
    this.withheld = next;
    this.rebuild();
    this.changed();
  }

  isWithheld(tool: Pick<McpTool, "serverName" | "toolName">): boolean {
    return this.withheld.has(refKey(tool.serverName, tool.toolName));
  }

  /** Every status or tool change, and every switch that changed what is offered. */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The servers and their tools (withheld ones included, marked) as the broker receives them. */
  report(): { servers: McpServerReport[]; tools: McpToolReport[] } {
    return {
      servers: this.manager.statuses().map(serverReport),
      tools: this.manager.tools().map((tool) => ({
        name: tool.name,
        server: tool.serverName,
        tool: tool.toolName,
        description: tool.description.slice(0, REPORT_DESCRIPTION_CHARS),
        annotations: tool.annotations,
        needsApproval: tool.needsApproval,
        withheld: this.isWithheld(tool),
      })),
    };
  }

  async close(): Promise<void> {
    this.unsubscribe();
    this.listeners.clear();
    await this.manager.close();
  }

  private rebuild(): void {
    this.offered = this.manager
      .tools()
      .filter((tool) => !this.isWithheld(tool))
      .map(adaptMcpTool);
  }

  private changed(): void {
    for (const listener of this.listeners) listener();
  }
}

function serverReport(status: McpServerStatus): McpServerReport {
  return {
    server: status.server,
    transport: status.transport,
    state: status.state,
    since: status.since.getTime(),
    toolCount: status.toolCount,
    failures: status.failures,
    ...(status.lastError === undefined ? {} : { lastError: status.lastError.slice(0, 2000) }),
    ...(status.nextRetryAt === undefined ? {} : { nextRetryAt: status.nextRetryAt.getTime() }),
    ...(status.serverInfo === undefined
      ? {}
      : {
          serverInfo: {
            name: status.serverInfo.name.slice(0, 256),
            version: status.serverInfo.version.slice(0, 256),
          },
        }),
  };
}
