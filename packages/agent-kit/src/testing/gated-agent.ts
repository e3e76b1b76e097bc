/**
 * Test support for clients of a kit agent (the chat client, the web app, its bench): a real kit agent with a
 * scripted answer, behind a `RuntimeGate` that plays the runtime's part (single-use URLs, 403 for a reused one,
 * cut or silent connections) and adds the session id header as the runtime does.
 */

import { randomUUID } from "node:crypto";
import { SESSION_ID_PARAM } from "@interject/agentcore-sigv4/constants";

import { type AgentApp, createAgentApp } from "../app.ts";
import type { TurnRunner } from "../session/turn-io.ts";
import { readKitSettings } from "../settings.ts";
import { RuntimeGate } from "./runtime-gate.ts";

export interface GatedAgentOptions {
  /** The answer every prompt gets, sent in `chunkSize` pieces every `chunkIntervalMs`. */
  answer: string;
  chunkSize?: number;
  chunkIntervalMs?: number;
  /** Kit settings on top of the defaults (silent logs, no chunk pacing). */
  settings?: Record<string, string>;
  /** Holds the agent's bytes after the handshake for this long on each connection (an agent slow to greet). */
  holdAfterHandshakeMs?: number;
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
  private constructor(
    readonly agent: AgentApp,
    readonly sessionId: string,
    /** The runtime's part in front of the agent: single-use URLs, cut, silence, presented tokens. */
    readonly gate: RuntimeGate,
  ) {}

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
    const sessionId = `test-session-${randomUUID()}`;
    const gate = await RuntimeGate.start({
      upstreamPort: address.port,
      headers: { [SESSION_ID_PARAM]: sessionId },
      holdAfterHandshakeMs: options.holdAfterHandshakeMs,
    });
    return new GatedAgent(agent, sessionId, gate);
  }

  /** Every token presented at an upgrade, accepted or not. */
  get presentedTokens(): readonly string[] {
    return this.gate.presentedTokens;
  }

  /** A fresh single-use URL, as the broker would mint one. */
  mintUrl(): string {
    return this.gate.mintUrl();
  }

  /** A URL the gate refuses (an expired or tampered one). */
  refusedUrl(): string {
    return this.gate.refusedUrl();
  }

  /** The session's latest seq, as the agent numbered it. */
  get lastSeq(): number {
    return this.agent.store.get(this.sessionId)?.lastSeq ?? 0;
  }

  get connectionCount(): number {
    return this.gate.connectionCount;
  }

  /** Cuts every connection without a close handshake, like a network drop. */
  dropAll(): void {
    this.gate.dropAll();
  }

  /** The agent closes every socket of the session with this code and reason (as a stopped runtime session does). */
  closeAll(code: number, reason: string): void {
    this.agent.store.get(this.sessionId)?.end(code, reason);
  }

  /** Forwards nothing more from the agent on the open connections (pongs included): dead but unclosed. */
  goSilent(): void {
    this.gate.goSilent();
  }

  async close(): Promise<void> {
    await this.gate.close();
    await this.agent.close();
  }
}
