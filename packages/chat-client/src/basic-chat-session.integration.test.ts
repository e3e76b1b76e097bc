/**
 * `BasicChatSession` against the basic level's real fixture (examples/basic-agent, the AgentCore articles'
 * agent reproduced, run as its own process) over real sockets, through a gate that admits each URL once: the
 * answer streams and completes, a new message mid-answer interrupts and keeps the partial, Stop closes the
 * socket and the next prompt goes on a fresh URL, a dropped socket leaves the answer cut off, and every turn
 * that ends is reported once.
 */
import { RuntimeGate } from "@interject/agent-kit/testing";
import type { ReportedTurn } from "@interject/protocol";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { BasicChatSession } from "./basic-chat-session.ts";
import type { ChatSnapshot } from "./chat-connection.ts";
import { type BasicAgentProcess, startBasicAgent } from "./testing/index.ts";

const SHORT_END = "with no model and no network behind me.";
/** The fixture answers a prompt asking for detail at length (about 400 words). */
const LONG_PROMPT = "explain it in detail";

let agent: BasicAgentProcess;
let gate: RuntimeGate;
let session: BasicChatSession;
let minted: string[];
let reports: ReportedTurn[];

beforeAll(async () => {
  agent = await startBasicAgent({ wordDelayMs: 15 });
});

afterAll(async () => {
  await agent?.stop();
});

afterEach(async () => {
  session?.stop();
  await gate?.close();
});

function until(
  predicate: (s: ChatSnapshot) => boolean,
  what: string,
  timeoutMs = 15_000,
): Promise<ChatSnapshot> {
  return new Promise((resolve, reject) => {
    const check = () => {
      const snapshot = session.getSnapshot();
      if (!predicate(snapshot)) return;
      clearTimeout(timer);
      unsubscribe();
      resolve(snapshot);
    };
    const timer = setTimeout(() => {
      unsubscribe();
      reject(new Error(`timed out waiting for ${what}: ${JSON.stringify(session.getSnapshot())}`));
    }, timeoutMs);
    const unsubscribe = session.subscribe(check);
    check();
  });
}

async function startSession(): Promise<void> {
  gate = await RuntimeGate.start({ upstreamPort: agent.port });
  minted = [];
  reports = [];
  session = new BasicChatSession({
    getConnectionUrl: async () => {
      const url = gate.mintUrl();
      minted.push(url);
      return { url, expiresAt: new Date(Date.now() + 30_000).toISOString(), sessionId: "s" };
    },
    reconnect: { baseDelayMs: 20, maxDelayMs: 200 },
    reportTurn: async (turn) => {
      reports.push(turn);
    },
  });
  session.start();
  await until((s) => s.connection.status === "ready", "the socket to open");
}

const turn = (s: ChatSnapshot, index: number) => s.chat.turns[index];

describe("BasicChatSession against the articles' agent", () => {
  it("streams the answer as it comes, then completes it, and reports the turn", async () => {
    await startSession();
    const lengths = new Set<number>();
    const unsubscribe = session.subscribe(() => {
      const current = turn(session.getSnapshot(), 0);
      if (current?.status === "streaming") lengths.add(current.text.length);
    });
    session.sendPrompt("hello");
    const done = await until((s) => turn(s, 0)?.status === "complete", "the answer");
    unsubscribe();
    const answer = turn(done, 0)?.text ?? "";
    expect(answer.startsWith('You said: "hello".')).toBe(true);
    expect(answer.endsWith(SHORT_END)).toBe(true);
    // Word by word: many partial states were shown before the end.
    expect(lengths.size).toBeGreaterThan(10);
    expect(done.level).toBe("basic");
    await session.reportsSettled();
    expect(reports).toEqual([
      expect.objectContaining({
        turnId: turn(done, 0)?.turnId,
        prompt: "hello",
        response: answer,
        status: "complete",
        stopReason: null,
      }),
    ]);
  });

  it("interrupts the running answer with a new message, keeping its partial, on the same socket", async () => {
    await startSession();
    session.sendPrompt(LONG_PROMPT);
    await until((s) => (turn(s, 0)?.text.length ?? 0) > 60, "some of the first answer");
    session.sendPrompt("and now?");
    const done = await until((s) => turn(s, 1)?.status === "complete", "the second answer");
    const first = turn(done, 0);
    expect(first).toMatchObject({ status: "interrupted", interruptReason: "new_prompt" });
    expect(first?.text.startsWith(`You said: "${LONG_PROMPT}".`)).toBe(true);
    expect(first?.text.length).toBeLessThan(1000);
    expect(turn(done, 1)?.text.startsWith('You said: "and now?".')).toBe(true);
    expect(minted).toHaveLength(1);
    await session.reportsSettled();
    expect(reports.map((r) => [r.prompt, r.status, r.stopReason, r.response])).toEqual([
      [LONG_PROMPT, "interrupted", "new_prompt", first?.text],
      ["and now?", "complete", null, turn(done, 1)?.text],
    ]);
  });

  it("stops by closing the socket, says so, and sends the next prompt on a fresh URL", async () => {
    await startSession();
    session.sendPrompt(LONG_PROMPT);
    await until((s) => (turn(s, 0)?.text.length ?? 0) > 60, "some of the answer");
    expect(session.interrupt()).toBe(true);
    const stopped = turn(session.getSnapshot(), 0);
    expect(stopped).toMatchObject({ status: "interrupted", interruptReason: "user" });
    // The socket the answer streamed on is closed: nothing more of it arrives.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(turn(session.getSnapshot(), 0)?.text).toBe(stopped?.text);
    await until((s) => s.connection.status === "ready" && minted.length === 2, "the new socket");
    expect(gate.connectionCount).toBe(1);
    session.sendPrompt("hello again");
    const done = await until((s) => turn(s, 1)?.status === "complete", "the next answer");
    expect(turn(done, 1)?.text.endsWith(SHORT_END)).toBe(true);
    expect(new Set(gate.presentedTokens).size).toBe(2);
    await session.reportsSettled();
    expect(reports.map((r) => [r.status, r.stopReason])).toEqual([
      ["interrupted", "user"],
      ["complete", null],
    ]);
  });

  it("keeps a dropped answer as far as it got, marked cut off, and reconnects for the next prompt", async () => {
    await startSession();
    session.sendPrompt(LONG_PROMPT);
    await until((s) => (turn(s, 0)?.text.length ?? 0) > 60, "some of the answer");
    gate.dropAll();
    const cut = await until((s) => turn(s, 0)?.status === "interrupted", "the cut-off answer");
    expect(turn(cut, 0)).toMatchObject({ interruptReason: "cut_off" });
    expect(turn(cut, 0)?.text.length).toBeGreaterThan(60);
    expect(cut.connection.problem?.kind).toBe("connection_lost");
    await until((s) => s.connection.status === "ready", "the reconnection");
    session.sendPrompt("still there?");
    const done = await until((s) => turn(s, 1)?.status === "complete", "the next answer");
    expect(turn(done, 0)?.text).toBe(turn(cut, 0)?.text);
    expect(minted).toHaveLength(2);
    await session.reportsSettled();
    expect(reports.map((r) => [r.status, r.stopReason])).toEqual([
      ["interrupted", "cut_off"],
      ["complete", null],
    ]);
  });
});
