/**
 * Test support for clients of a kit agent (the chat client, the web app, its bench): a real kit agent with a
 * scripted answer, behind a gate that plays the runtime's part. The gate mints single-use connection URLs (a
 * reused or unknown one gets HTTP 403 at the upgrade, as an expired presigned URL would), forwards the socket
 * to the agent with the session id header, and can cut every connection or go silent on demand.
 */

import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server } from "node:http";
import net, { type AddressInfo, type Socket } from "node:net";
import type { Duplex } from "node:stream";
import { SESSION_ID_PARAM } from "@interject/agentcore-sigv4/constants";

import { type AgentApp, createAgentApp } from "../app.ts";
import type { TurnRunner } from "../session/turn-io.ts";
import { readKitSettings } from "../settings.ts";

export interface GatedAgentOptions {
  /** The answer every prompt gets, sent in `chunkSize` pieces every `chunkIntervalMs`. */
  answer: string;
  chunkSize?: number;
  chunkIntervalMs?: number;
  /** Kit settings on top of the defaults (silent logs, no chunk pacing). */
  settings?: Record<string, string>;
}

/** A runner that streams a fixed answer piece by piece and stops the moment its turn is interrupted. */
export function scriptedRunner(answer: string, chunkSize = 5, chunkIntervalMs = 5): TurnRunner {
  return async (_prompt, io) => {
    io.trace({ kind: "milestone", at: Date.now(), text: "Answering" });
    for (let at = 0; at < answer.length; at += chunkSize) {
      if (io.signal.aborted) return;
      io.text(answer.slice(at, at + chunkSize));
      await new Promise((resolve) => setTimeout(resolve, chunkIntervalMs));
    }
  };
}

export class GatedAgent {
  readonly sessionId = `test-session-${randomUUID()}`;
  /** Every token presented at an upgrade, accepted or not. */
  readonly presentedTokens: string[] = [];
  private readonly validTokens = new Set<string>();
  private readonly pairs = new Set<{ client: Duplex; upstream: Socket }>();
  private readonly gate: Server;
  private gatePort = 0;

  private constructor(
    readonly agent: AgentApp,
    private readonly agentPort: number,
  ) {
    this.gate = createServer((_req, res) => res.writeHead(404).end());
    this.gate.on("upgrade", (req: IncomingMessage, socket: Duplex, head: Buffer) =>
      this.forward(req, socket, head),
    );
  }

  static async start(options: GatedAgentOptions): Promise<GatedAgent> {
    const settings = readKitSettings({
      LOG_LEVEL: "silent",
      AGENT_CHUNK_INTERVAL_MS: "0",
      ...options.settings,
    });
    const agent = createAgentApp({
      settings,
      runner: scriptedRunner(options.answer, options.chunkSize, options.chunkIntervalMs),
    });
    const address = await agent.listen(0, "127.0.0.1");
    const gated = new GatedAgent(agent, address.port);
    await new Promise<void>((resolve) => gated.gate.listen(0, "127.0.0.1", resolve));
    gated.gatePort = (gated.gate.address() as AddressInfo).port;
    return gated;
  }

  /** A fresh single-use URL, as the broker would mint one. */
  mintUrl(): string {
    const token = randomUUID();
    this.validTokens.add(token);
    return `ws://127.0.0.1:${this.gatePort}/ws?token=${token}`;
  }

  /** A URL the gate refuses (an expired or tampered one). */
  refusedUrl(): string {
    return `ws://127.0.0.1:${this.gatePort}/ws?token=expired`;
  }

  /** The session's latest seq, as the agent numbered it. */
  get lastSeq(): number {
    return this.agent.store.get(this.sessionId)?.lastSeq ?? 0;
  }

  get connectionCount(): number {
    return this.pairs.size;
  }

  /** Cuts every connection without a close handshake, like a network drop. */
  dropAll(): void {
    for (const { client, upstream } of this.pairs) {
      client.destroy();
      upstream.destroy();
    }
  }

  /** The agent closes every socket of the session with this code and reason (as a stopped runtime session does). */
  closeAll(code: number, reason: string): void {
    this.agent.store.get(this.sessionId)?.end(code, reason);
  }

  /** Forwards nothing more from the agent on the open connections (pongs included): dead but unclosed. */
  goSilent(): void {
    for (const { client, upstream } of this.pairs) {
      upstream.unpipe(client);
      upstream.pause();
    }
  }

  async close(): Promise<void> {
    this.dropAll();
    await new Promise<void>((resolve) => this.gate.close(() => resolve()));
    await this.agent.close();
  }

  private forward(req: IncomingMessage, client: Duplex, head: Buffer): void {
    const token = new URL(req.url ?? "/", "http://gate.invalid").searchParams.get("token") ?? "";
    this.presentedTokens.push(token);
    if (!this.validTokens.delete(token)) {
      client.end("HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
      return;
    }
    const upstream = net.connect(this.agentPort, "127.0.0.1");
    const pair = { client, upstream };
    this.pairs.add(pair);
    const end = () => {
      this.pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on("error", end);
    client.on("close", end);
    upstream.on("error", end);
    upstream.on("close", end);
    upstream.on("connect", () => {
      const lines = [`GET /ws HTTP/1.1`];
      for (let i = 0; i < req.rawHeaders.length; i += 2) {
        const name = req.rawHeaders[i] ?? "";
        if (name.toLowerCase() !== SESSION_ID_PARAM.toLowerCase())
          lines.push(`${name}: ${req.rawHeaders[i + 1] ?? ""}`);
      }
      lines.push(`${SESSION_ID_PARAM}: ${this.sessionId}`);
      upstream.write(`${lines.join("\r\n")}\r\n\r\n`);
      if (head.length > 0) upstream.write(head);
      client.pipe(upstream);
      upstream.pipe(client);
    });
  }
}
