/** Test support: a kit agent on a free port, and a WebSocket client that collects parsed messages. */
import { SESSION_ID_PARAM } from "@interject/agentcore-sigv4/constants";
import { type AgentMessage, parseAgentMessage } from "@interject/protocol";
import WebSocket from "ws";
import { type AgentApp, type AgentAppOptions, createAgentApp } from "../app.ts";
import { readKitSettings } from "../settings.ts";
import { calculatorTool } from "../tools/calculator.ts";
import { clockTool } from "../tools/clock.ts";
import { until } from "./fake-socket.ts";

/** Starts an agent with the kit's standard tools (or `options.tools`), silent logs and an instant offline model. */
export async function startAgent(
  env: Record<string, string> = {},
  options: Omit<AgentAppOptions, "settings"> = {},
) {
  const settings = readKitSettings({
    PORT: "0",
    HOST: "127.0.0.1",
    LOG_LEVEL: "silent",
    AGENT_OFFLINE_DELAY_MS: "0",
    ...env,
  });
  const agent: AgentApp = createAgentApp({ tools: [calculatorTool, clockTool], ...options, settings });
  const address = await agent.listen(0, "127.0.0.1");
  const base = `http://127.0.0.1:${address.port}`;
  return { agent, base, wsBase: `ws://127.0.0.1:${address.port}`, port: address.port };
}

export class TestClient {
  readonly messages: AgentMessage[] = [];
  readonly raw: string[] = [];
  closed: { code: number; reason: string } | null = null;

  constructor(readonly ws: WebSocket) {
    ws.on("message", (data) => {
      const text = data.toString();
      this.raw.push(text);
      const parsed = parseAgentMessage(text);
      if (!parsed.ok) throw new Error(`invalid agent frame: ${parsed.error.message}`);
      this.messages.push(parsed.value);
    });
    ws.on("close", (code, reason) => {
      this.closed = { code, reason: reason.toString() };
    });
  }

  static async connect(
    wsBase: string,
    options: { sessionId?: string; query?: string } = {},
  ): Promise<TestClient> {
    const ws = new WebSocket(`${wsBase}/ws${options.query ? `?${options.query}` : ""}`, {
      headers: options.sessionId ? { [SESSION_ID_PARAM]: options.sessionId } : {},
      perMessageDeflate: false,
    });
    const client = new TestClient(ws);
    await new Promise<void>((resolve, reject) => {
      ws.once("open", () => resolve());
      ws.once("error", reject);
    });
    return client;
  }

  send(message: unknown): void {
    this.ws.send(typeof message === "string" ? message : JSON.stringify(message));
  }

  of<T extends AgentMessage["type"]>(type: T): Extract<AgentMessage, { type: T }>[] {
    return this.messages.filter((m): m is Extract<AgentMessage, { type: T }> => m.type === type);
  }

  async waitFor<T extends AgentMessage["type"]>(
    type: T,
    count = 1,
  ): Promise<Extract<AgentMessage, { type: T }>> {
    await until(() => this.of(type).length >= count || this.closed !== null, `${count} ${type}`);
    const found = this.of(type)[count - 1];
    if (!found) throw new Error(`connection closed before ${type}: ${JSON.stringify(this.closed)}`);
    return found;
  }

  async waitClosed(): Promise<{ code: number; reason: string }> {
    await until(() => this.closed !== null, "close");
    return this.closed ?? { code: 0, reason: "" };
  }

  close(): void {
    this.ws.close();
  }
}
