/**
 * Tells the broker about this agent's MCP servers and hears back which tools an administrator switched off.
 * AWS gives the broker no route to an agent container, so the agent asks: it posts a report to
 * `/internal/v1/mcp/status` (bearer ingest token) at start, soon after every change (changes within
 * CHANGE_DELAY_MS go as one report), and every `reportSeconds` besides; each answer's switches are applied at
 * once. A broker that cannot be reached is retried at the next beat; the agent keeps the switches it last knew.
 */
import { randomUUID } from "node:crypto";
import { McpStatusAnswer, type McpStatusReport } from "@interject/protocol";
import type { Logger } from "../logger.ts";
import type { McpToolSet } from "./mcp-tool-set.ts";

/** Changes this close together go out as one report (a server connecting changes its status and tools). */
const CHANGE_DELAY_MS = 250;
const REQUEST_TIMEOUT_MS = 10_000;

export interface McpStatusReporterOptions {
  /** The broker's base URL (BROKER_INGEST_URL). */
  baseUrl: string;
  token: string;
  /** The agent's name: the broker keeps switches per agent. */
  agent: string;
  reportSeconds: number;
  tools: McpToolSet;
  logger: Logger;
  /** This process; a new one per start by default. */
  instanceId?: string;
}

export class McpStatusReporter {
  readonly instanceId: string;
  private beat: NodeJS.Timeout | undefined;
  private soon: NodeJS.Timeout | undefined;
  private sending: Promise<void> | null = null;
  private again = false;
  private stopped = false;
  private failing = false;
  private unsubscribe: (() => void) | undefined;
  /** Reports answered by the broker (tests wait on it). */
  answered = 0;

  constructor(private readonly options: McpStatusReporterOptions) {
    this.instanceId = options.instanceId ?? randomUUID();
  }

  start(): void {
    this.unsubscribe = this.options.tools.onChange(() => this.schedule());
    this.beat = setInterval(() => void this.send(), this.options.reportSeconds * 1000);
    this.beat.unref();
    void this.send();
  }

  /** Sends a report now (or right after the one in flight) and resolves when it is answered or failed. */
  async send(): Promise<void> {
    if (this.stopped) return;
    if (this.sending) {
      this.again = true;
      return this.sending;
    }
    this.sending = this.post().finally(() => {
      this.sending = null;
      if (this.again && !this.stopped) {
        this.again = false;
        void this.send();
      }
    });
    return this.sending;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.unsubscribe?.();
    clearInterval(this.beat);
    clearTimeout(this.soon);
    await this.sending;
  }

  private schedule(): void {
    if (this.soon || this.stopped) return;
    this.soon = setTimeout(() => {
      this.soon = undefined;
      void this.send();
    }, CHANGE_DELAY_MS);
    this.soon.unref();
  }

  private async post(): Promise<void> {
    const body: McpStatusReport = {
      agent: this.options.agent,
      instanceId: this.instanceId,
      reportSeconds: this.options.reportSeconds,
      ...this.options.tools.report(),
    };
    const url = new URL("/internal/v1/mcp/status", this.options.baseUrl);
    try {
      const response = await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${this.options.token}` },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      const answer = McpStatusAnswer.safeParse(await response.json());
      if (!answer.success) throw new Error("the broker's answer is not an MCP status answer");
      this.options.tools.setWithheld(answer.data.withheld);
      this.answered++;
      if (this.failing) this.options.logger.info({ path: url.pathname }, "MCP status reported again");
      this.failing = false;
    } catch (err) {
      // Logged once per outage, not every beat; the path only (the URL is the broker's, no secret in it).
      if (!this.failing) {
        this.options.logger.warn(
          { path: url.pathname, err: err instanceof Error ? err.message : String(err) },
          "MCP status report failed; switches unchanged until the broker answers",
        );
      }
      this.failing = true;
    }
  }
}
