/**
 * `AgentChat` against real agents of both levels, over real sockets: the level named in the mint answer picks
 * the session (and the URL it was read from is the first connection's), `detect` tells a full agent (its hello)
 * from the articles' basic agent (silence), and a full agent too slow to greet, taken for a basic one, is
 * switched to the full protocol without losing the prompt it got meanwhile.
 */
import { GatedAgent, RuntimeGate } from "@interject/agent-kit/testing";
import type { AgentProtocolLevel } from "@interject/protocol";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { AgentChat } from "./agent-chat.ts";
import type { ChatSnapshot } from "./chat-connection.ts";
import { type BasicAgentProcess, startBasicAgent } from "./testing/index.ts";

let basicAgent: BasicAgentProcess;
let gate: RuntimeGate | undefined;
let fullAgent: GatedAgent | undefined;
let chat: AgentChat;

beforeAll(async () => {
  basicAgent = await startBasicAgent({ wordDelayMs: 5 });
});

afterAll(async () => {
  await basicAgent?.stop();
});

afterEach(async () => {
  chat?.stop();
  await gate?.close();
  await fullAgent?.close();
  gate = undefined;
  fullAgent = undefined;
});

function until(
  predicate: (s: ChatSnapshot) => boolean,
  what: string,
  timeoutMs = 15_000,
): Promise<ChatSnapshot> {
  return new Promise((resolve, reject) => {
    const check = () => {
      const snapshot = chat.getSnapshot();
      if (!predicate(snapshot)) return;
      clearTimeout(timer);
      unsubscribe();
      resolve(snapshot);
    };
    const timer = setTimeout(() => {
      unsubscribe();
      reject(new Error(`timed out waiting for ${what}: ${JSON.stringify(chat.getSnapshot())}`));
    }, timeoutMs);
    const unsubscribe = chat.subscribe(check);
    check();
  });
}

/** Starts a chat whose mint answers name `level` and give the URLs `mint` makes. */
function startChat(level: AgentProtocolLevel | undefined, mint: () => string): string[] {
  const minted: string[] = [];
  chat = new AgentChat({
    getConnectionUrl: async () => {
      const url = mint();
      minted.push(url);
      return {
        url,
        expiresAt: new Date(Date.now() + 30_000).toISOString(),
        sessionId: "s",
        ...(level ? { protocolLevel: level } : {}),
      };
    },
    reconnect: { baseDelayMs: 20, maxDelayMs: 200 },
  });
  chat.start();
  return minted;
}

async function basicGate(): Promise<RuntimeGate> {
  gate = await RuntimeGate.start({ upstreamPort: basicAgent.port });
  return gate;
}

const answered = (s: ChatSnapshot, index: number) => s.chat.turns[index]?.status === "complete";

describe("AgentChat", () => {
  it("speaks basic to an agent registered as basic, on the URL its level was read from", async () => {
    const g = await basicGate();
    const minted = startChat("basic", () => g.mintUrl());
    const ready = await until((s) => s.connection.status === "ready", "the connection");
    expect(ready.level).toBe("basic");
    expect(minted).toHaveLength(1);
    chat.sendPrompt("hello");
    const done = await until((s) => answered(s, 0), "the answer");
    expect(done.chat.turns[0]?.text.startsWith('You said: "hello".')).toBe(true);
  });

  it("speaks the full protocol when the broker names no level (a broker without a registry)", async () => {
    fullAgent = await GatedAgent.start({ answer: "Full answer." });
    const agent = fullAgent;
    const minted = startChat(undefined, () => agent.mintUrl());
    const ready = await until((s) => s.connection.status === "ready", "the hello");
    expect(ready.level).toBe("full");
    expect(minted).toHaveLength(1);
    chat.sendPrompt("hello");
    expect((await until((s) => answered(s, 0), "the answer")).chat.turns[0]?.text).toBe("Full answer.");
  });

  it("carries voice to a full agent, and none to a basic one", async () => {
    fullAgent = await GatedAgent.start({ answer: "Full answer." });
    const agent = fullAgent;
    startChat("full", () => agent.mintUrl());
    const heard: string[] = [];
    chat.onAgentMessage((m) => heard.push(m.type));
    expect(chat.sendVoice({ type: "voice_start", mode: "open_mic", outputSampleRate: 16_000 })).toBe(false);
    await until((s) => s.connection.status === "ready", "the hello");
    expect(chat.sendVoice({ type: "voice_start", mode: "open_mic", outputSampleRate: 16_000 })).toBe(true);
    // The agent answers voice_start (its voice opens, or it says why it has none), and the chat hears it.
    const answered = () => heard.includes("bidi_connection_start") || heard.includes("bidi_error");
    const deadline = Date.now() + 10_000;
    while (!answered() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(answered()).toBe(true);
    chat.sendVoice({ type: "voice_end" });
    chat.stop();
    const g = await basicGate();
    startChat("basic", () => g.mintUrl());
    await until((s) => s.connection.status === "ready", "the connection");
    expect(chat.sendVoice({ type: "voice_end" })).toBe(false);
  });

  it("detects a full agent by its hello", async () => {
    fullAgent = await GatedAgent.start({ answer: "Detected." });
    const agent = fullAgent;
    const minted = startChat("detect", () => agent.mintUrl());
    const ready = await until((s) => s.connection.status === "ready", "the hello");
    expect(ready.level).toBe("full");
    // One URL for the probe, a fresh one for the session.
    expect(minted).toHaveLength(2);
    chat.sendPrompt("hello");
    expect((await until((s) => answered(s, 0), "the answer")).chat.turns[0]?.text).toBe("Detected.");
  });

  it("takes the articles' silent agent for a basic one, and keeps a prompt typed while it listened", async () => {
    const g = await basicGate();
    startChat("detect", () => g.mintUrl());
    chat.sendPrompt("typed early");
    expect(chat.getSnapshot()).toMatchObject({ level: null, chat: { turns: [{ status: "pending" }] } });
    const done = await until((s) => answered(s, 0), "the answer", 20_000);
    expect(done.level).toBe("basic");
    expect(done.chat.turns).toHaveLength(1);
    expect(done.chat.turns[0]?.text.startsWith('You said: "typed early".')).toBe(true);
  });

  it("switches to the full protocol when a full agent slow to greet answers a basic prompt with its hello", async () => {
    // Every connection's frames reach the client 3.5 s after its handshake: silence past the detection timeout.
    fullAgent = await GatedAgent.start({ answer: "Late but full.", holdAfterHandshakeMs: 3500 });
    const agent = fullAgent;
    startChat("detect", () => agent.mintUrl());
    await until((s) => s.level === "basic" && s.connection.status === "ready", "the basic guess", 20_000);
    chat.sendPrompt("are you basic?");
    const done = await until((s) => s.level === "full" && answered(s, 0), "the full answer", 30_000);
    expect(done.chat.turns).toHaveLength(1);
    expect(done.chat.turns[0]).toMatchObject({ prompt: "are you basic?", text: "Late but full." });
  });
});
