/**
 * One configured MCP server: connects (handshake, then its whole tool list), keeps its status, retries with
 * back-off when it fails to start or drops (a stdio child exits, HTTP errors, a failed health ping), refreshes
 * its tools on `notifications/tools/list_changed`, and runs calls. Nothing here throws to the caller: every
 * failure becomes a status or a call outcome. Each attempt has an epoch; events from an older one are ignored.
 */
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { Transport } from "@modelcontextprotocol/sdk/shared/transport.js";
import type { Tool } from "@modelcontextprotocol/sdk/types.js";
import type { ServerConfig } from "../config/server-config.ts";
import type { McpLogger } from "../logger.ts";
import { failedResult } from "../result/tool-result.ts";
import type { McpServerStatus } from "../status.ts";
import type { McpCallOptions, McpToolResult } from "../tool.ts";
import { type RetryPolicy, retryDelay } from "./backoff.ts";
import { describeError, isConnectionFailure } from "./connection-errors.ts";
import { createRedactor, type Redactor } from "./redactor.ts";
import { runCall } from "./run-call.ts";
import { createHttpTransport, createStdioTransport, type HttpDeps, StderrTail } from "./transports.ts";

const MAX_TOOL_PAGES = 100;

export interface ConnectionDeps extends HttpDeps {
  logger: McpLogger;
  retry: RetryPolicy;
  clientInfo: { name: string; version: string };
  /** Called on every status change and tool-list change. */
  onChange: (connection: ServerConnection, what: "status" | "tools") => void;
}

export class ServerConnection {
  readonly name: string;
  private epoch = 0;
  private client: Client | undefined;
  private listed: Tool[] = [];
  private retryTimer: NodeJS.Timeout | undefined;
  private closed = false;
  private current: McpServerStatus;
  private readonly redact: Redactor;
  private readonly stderr = new StderrTail();
  private settledOnce = false;
  private readonly settledWaiters: Array<() => void> = [];

  constructor(
    readonly config: ServerConfig,
    private readonly deps: ConnectionDeps,
  ) {
    this.name = config.name;
    this.redact = createRedactor(config.secrets);
    this.current = {
      server: config.name,
      transport: config.transport.kind,
      state: config.disabled ? "disabled" : "connecting",
      since: new Date(),
      toolCount: 0,
      failures: 0,
    };
  }

  status(): McpServerStatus {
    return { ...this.current };
  }

  /** The server's tools as listed (connected only), before the config's filters. */
  tools(): readonly Tool[] {
    return this.listed;
  }

  start(): void {
    if (this.config.disabled) {
      this.markSettled();
      return;
    }
    void this.attempt();
  }

  /** Resolves once the first attempt has ended (connected or down), or at once when disabled. */
  settled(): Promise<void> {
    if (this.settledOnce) return Promise.resolve();
    return new Promise((resolve) => this.settledWaiters.push(resolve));
  }

  async close(): Promise<void> {
    this.closed = true;
    this.epoch++;
    clearTimeout(this.retryTimer);
    const client = this.client;
    this.client = undefined;
    this.listed = [];
    this.markSettled();
    if (client?.transport instanceof StreamableHTTPClientTransport) {
      // Ends the server's session politely (HTTP DELETE); a server that is gone is not waited for long.
      const transport = client.transport;
      await Promise.race([
        transport.terminateSession().catch(() => {}),
        new Promise((r) => setTimeout(r, 1000).unref()),
      ]);
    }
    await this.closeQuietly(client);
  }

  /** A health check: a failed ping drops the connection. */
  async ping(timeoutMs: number): Promise<void> {
    const client = this.client;
    const epoch = this.epoch;
    if (!client || this.current.state !== "connected") return;
    try {
      await client.ping({ timeout: timeoutMs });
    } catch (err) {
      this.dropped(epoch, this.redact(`health check failed: ${describeError(err)}`));
    }
  }

  async call(
    toolName: string,
    input: Record<string, unknown>,
    options: McpCallOptions = {},
  ): Promise<McpToolResult> {
    const client = this.client;
    const epoch = this.epoch;
    if (!client || this.current.state !== "connected") {
      const why = this.current.lastError ? ` (${this.current.lastError})` : "";
      return failedResult(
        "unavailable",
        `The MCP server "${this.name}" is not connected${why}; ${toolName} was not run.`,
        0,
      );
    }
    const { result, brokenConnection } = await runCall(client, toolName, input, options, {
      server: this.name,
      timeouts: this.config.timeouts,
      logger: this.deps.logger,
      redact: this.redact,
    });
    if (brokenConnection !== undefined) this.dropped(epoch, brokenConnection);
    return result;
  }

  private async attempt(): Promise<void> {
    const epoch = ++this.epoch;
    this.retryTimer = undefined;
    this.setStatus({ state: "connecting" });
    let client: Client | undefined;
    try {
      const transport = this.createTransport();
      client = new Client(this.deps.clientInfo, {
        capabilities: {},
        listChanged: {
          tools: {
            autoRefresh: false,
            debounceMs: 50,
            onChanged: () => {
              void this.refreshTools(epoch);
            },
          },
        },
      });
      client.onerror = (err) => {
        this.deps.logger.debug(
          { server: this.name, err: this.redact(describeError(err)) },
          "MCP connection error",
        );
      };
      client.onclose = () => this.dropped(epoch, this.withStderr("the connection closed"));
      await client.connect(transport, { timeout: this.config.timeouts.connectMs });
      const tools = await this.listAll(client);
      if (epoch !== this.epoch) {
        await this.closeQuietly(client);
        return;
      }
      this.client = client;
      this.listed = this.offered(tools);
      // Tools first, then the status: a listener that sees "connected" finds the tools offered.
      this.deps.onChange(this, "tools");
      const info = client.getServerVersion();
      this.setStatus({
        state: "connected",
        failures: 0,
        ...(info ? { serverInfo: { name: info.name, version: info.version } } : {}),
      });
      this.warnUnknownNames(tools);
      this.deps.logger.info({ server: this.name, tools: tools.length }, "MCP server connected");
    } catch (err) {
      if (epoch !== this.epoch) {
        await this.closeQuietly(client);
        return;
      }
      this.epoch++; // the failed client's close events are stale from here on
      await this.closeQuietly(client);
      this.scheduleRetry(this.withStderr(this.redact(describeError(err))));
    } finally {
      this.markSettled();
    }
  }

  private createTransport(): Transport {
    const t = this.config.transport;
    if (t.kind === "stdio") {
      this.stderr.reset();
      return createStdioTransport(
        t,
        (lines) => {
          for (const line of lines)
            this.deps.logger.debug({ server: this.name, stderr: this.redact(line) }, "MCP server stderr");
        },
        this.stderr,
      );
    }
    return createHttpTransport(t, this.deps);
  }

  private withStderr(message: string): string {
    const tail = this.config.transport.kind === "stdio" ? this.redact(this.stderr.text()) : "";
    return tail ? `${message}; stderr: ${tail}` : message;
  }

  private async listAll(client: Client): Promise<Tool[]> {
    const out: Tool[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < MAX_TOOL_PAGES; page++) {
      const result = await client.listTools(cursor === undefined ? {} : { cursor }, {
        timeout: this.config.timeouts.connectMs,
      });
      out.push(...result.tools);
      cursor = result.nextCursor;
      if (cursor === undefined) break;
    }
    return out;
  }

  private async refreshTools(epoch: number): Promise<void> {
    const client = this.client;
    if (!client || epoch !== this.epoch || this.current.state !== "connected") return;
    try {
      const tools = await this.listAll(client);
      if (epoch !== this.epoch) return;
      this.listed = this.offered(tools);
      this.deps.onChange(this, "tools");
      this.setStatus({});
      this.deps.logger.info({ server: this.name, tools: tools.length }, "MCP server tool list changed");
    } catch (err) {
      const message = this.redact(describeError(err));
      this.deps.logger.warn({ server: this.name, err: message }, "MCP tool list refresh failed");
      if (isConnectionFailure(err)) this.dropped(epoch, message);
    }
  }

  /** A connected server was lost: withhold its tools and reconnect after the first back-off delay. */
  private dropped(epoch: number, reason: string): void {
    if (epoch !== this.epoch || this.closed || this.current.state !== "connected") return;
    this.epoch++;
    const client = this.client;
    this.client = undefined;
    this.listed = [];
    this.deps.logger.warn({ server: this.name, err: reason }, "MCP server dropped");
    void this.closeQuietly(client);
    this.deps.onChange(this, "tools");
    this.scheduleRetry(reason);
  }

  private scheduleRetry(reason: string): void {
    if (this.closed) return;
    const failures = this.current.failures + 1;
    const delay = retryDelay(failures - 1, this.deps.retry);
    const nextRetryAt = new Date(Date.now() + delay);
    this.setStatus({ state: "down", failures, lastError: reason, nextRetryAt });
    this.deps.logger.warn({ server: this.name, err: reason, retryInMs: delay, failures }, "MCP server down");
    this.retryTimer = setTimeout(() => void this.attempt(), delay);
    this.retryTimer.unref();
  }

  /**
   * What may be offered: not disabled in the config, and not a task-only tool (`execution.taskSupport:
   * "required"`), which a plain tools/call cannot run.
   */
  private offered(tools: Tool[]): Tool[] {
    return tools.filter(
      (t) => !this.config.disabledTools.has(t.name) && t.execution?.taskSupport !== "required",
    );
  }

  private warnUnknownNames(tools: Tool[]): void {
    const names = new Set(tools.map((t) => t.name));
    const configured = [...this.config.disabledTools, ...this.config.approval.tools];
    for (const name of configured) {
      if (!names.has(name))
        this.deps.logger.warn(
          { server: this.name, tool: name },
          "MCP config names a tool the server does not list",
        );
    }
  }

  private setStatus(change: Partial<McpServerStatus>): void {
    const next: McpServerStatus = { ...this.current, ...change };
    if (change.state !== undefined && change.state !== this.current.state) next.since = new Date();
    if (next.state !== "down") delete next.nextRetryAt;
    if (next.state === "connected") delete next.lastError;
    if (next.state !== "connected") delete next.serverInfo;
    next.toolCount = next.state === "connected" ? this.listed.length : 0;
    this.current = next;
    this.deps.onChange(this, "status");
  }

  private markSettled(): void {
    if (this.settledOnce) return;
    this.settledOnce = true;
    for (const resolve of this.settledWaiters.splice(0)) resolve();
  }

  private async closeQuietly(client: Client | undefined): Promise<void> {
    if (!client) return;
    try {
      await client.close();
    } catch (err) {
      this.deps.logger.debug(
        { server: this.name, err: this.redact(describeError(err)) },
        "MCP client close failed",
      );
    }
  }
}
