/**
 * The session against a real kit agent (behind a gate that mints single-use URLs) over real sockets (partysocket + Node's WebSocket): answers
 * survive dropped connections without losing or repeating a chunk, every attempt uses a fresh URL, a
 * refused URL is retried, interrupts keep the partial answer, the heartbeat notices a silent server, and a
 * broker that says the sign-in ended or the conversation is gone ends the connection with no retry.
 */

import { GatedAgent } from "@interject/agent-kit/testing";
import { afterEach, describe, expect, it } from "vitest";
import type { ChatSnapshot } from "./chat-connection.ts";
import { ChatSession } from "./chat-session.ts";
import { ConnectionUrlError, type ConnectionUrlFailure } from "./errors.ts";

const ANSWER = Array.from({ length: 60 }, (_, i) => `Line ${i}: **bold** and \`code\`.\n`).join("");

let server: GatedAgent;
let session: ChatSession;

afterEach(async () => {
  session?.stop();
  await server?.close();
});

function until(
  predicate: (s: ChatSnapshot) => boolean,
  what: string,
  timeoutMs = 15_000,
): Promise<ChatSnapshot> {
  return new Promise((resolve, reject) => {
    const check = () => {
      const snapshot = session.getSnapshot();
      if (!predicate(snapshot)) return false;
      clearTimeout(timer);
      unsubscribe();
      resolve(snapshot);
      return true;
    };
    const timer = setTimeout(() => {
      unsubscribe();
      reject(new Error(`timed out waiting for ${what}: ${JSON.stringify(session.getSnapshot().connection)}`));
    }, timeoutMs);
    const unsubscribe = session.subscribe(() => void check());
    check();
  });
}

async function startSession(urls?: () => string): Promise<string[]> {
  const minted: string[] = [];
  session = new ChatSession({
    getConnectionUrl: async () => {
      const url = urls ? urls() : server.mintUrl();
      minted.push(url);
      return { url, expiresAt: new Date(Date.now() + 60_000).toISOString(), sessionId: server.sessionId };
    },
    reconnect: { baseDelayMs: 20, maxDelayMs: 200 },
    heartbeat: { intervalMs: 300, timeoutMs: 300 },
  });
  session.start();
  await until((s) => s.connection.status === "ready", "the first session hello");
  return minted;
}

describe("ChatSession over a real socket", () => {
  it("loses no chunk and shows none twice across dropped connections, with a fresh URL each time", async () => {
    server = await GatedAgent.start({ answer: ANSWER, chunkSize: 7, chunkIntervalMs: 4 });
    const minted = await startSession();
    session.sendPrompt("tell me");
    for (const fraction of [0.2, 0.5]) {
      await until(
        (s) => (s.chat.turns[0]?.text.length ?? 0) > ANSWER.length * fraction,
        `${fraction} of the answer`,
      );
      server.dropAll();
      await until((s) => s.connection.status !== "ready", "the drop to be noticed");
    }
    const done = await until((s) => s.chat.turns[0]?.status === "complete", "the complete answer");
    expect(done.chat.turns[0]?.text).toBe(ANSWER);
    expect(done.chat.turns).toHaveLength(1);
    expect(done.chat.lastSeq).toBe(server.lastSeq);
    expect(minted.length).toBeGreaterThanOrEqual(3);
    expect(new Set(minted).size).toBe(minted.length);
    expect(server.presentedTokens.length).toBe(new Set(server.presentedTokens).size);
  });

  it("retries with a new URL after the runtime refuses one, and shows why meanwhile", async () => {
    server = await GatedAgent.start({ answer: "ok" });
    let calls = 0;
    const minted = await startSession(() => (++calls === 1 ? server.refusedUrl() : server.mintUrl()));
    expect(server.presentedTokens[0]).toBe("expired");
    expect(minted[0]).toBe(server.refusedUrl());
    expect(minted.length).toBe(2);
    expect(session.getSnapshot().connection.problem).toBeNull();
    session.sendPrompt("hi");
    const done = await until((s) => s.chat.turns[0]?.status === "complete", "the answer");
    expect(done.chat.turns[0]?.text).toBe("ok");
  });

  it("stops on request, keeps the partial answer, and answers the next prompt", async () => {
    server = await GatedAgent.start({ answer: ANSWER, chunkSize: 10, chunkIntervalMs: 10 });
    await startSession();
    session.sendPrompt("first");
    await until((s) => (s.chat.turns[0]?.text.length ?? 0) > 20, "some of the answer");
    expect(session.interrupt()).toBe(true);
    const stopped = await until((s) => s.chat.turns[0]?.status === "interrupted", "the interruption");
    const partial = stopped.chat.turns[0]?.text ?? "";
    expect(partial.length).toBeGreaterThan(20);
    expect(ANSWER.startsWith(partial)).toBe(true);
    expect(stopped.chat.turns[0]?.interruptReason).toBe("user");

    session.sendPrompt("second");
    await until((s) => (s.chat.turns[1]?.text.length ?? 0) > 5, "the second answer");
    session.sendPrompt("third, while the second streams");
    const after = await until((s) => s.chat.turns[2]?.status === "complete", "the third answer");
    expect(after.chat.turns.map((t) => t.status)).toEqual(["interrupted", "interrupted", "complete"]);
    expect(after.chat.turns[1]?.interruptReason).toBe("new_prompt");
    expect(after.chat.turns[2]?.text).toBe(ANSWER);
  });

  it("completes an answer whose complete frame is larger than the agent's own 64 KB inbound limit", async () => {
    const long = "0123456789abcdef".repeat(5000);
    server = await GatedAgent.start({ answer: long, chunkSize: 4000, chunkIntervalMs: 2 });
    await startSession();
    session.sendPrompt("long");
    const done = await until((s) => s.chat.turns[0]?.status === "complete", "the long answer");
    expect(done.chat.turns[0]?.text).toBe(long);
  });

  it("notices a connection that went silent and reconnects", async () => {
    server = await GatedAgent.start({ answer: "ok" });
    const minted = await startSession();
    server.goSilent();
    await until((s) => s.connection.problem?.kind === "heartbeat_timeout", "the heartbeat timeout");
    await until((s) => s.connection.status === "ready" && minted.length === 2, "the reconnection");
    expect(minted.length).toBe(2);
  });

  for (const [failure, kind, message] of [
    [
      "unauthorized",
      "session_expired",
      "You were signed out, so this conversation was disconnected. Sign in again to continue.",
    ],
    ["not_found", "not_found", "This conversation was deleted."],
    // The broker's own words (which agent, and why) are the message.
    ["agent_unavailable", "agent_unavailable", "HTTP error"],
  ] as const) {
    it(`ends for good, with no retry, when the runtime closes the socket and the broker answers ${failure}`, async () => {
      server = await GatedAgent.start({ answer: ANSWER, chunkSize: 5, chunkIntervalMs: 20 });
      let revoked = false;
      let mints = 0;
      await startSession(() => {
        mints += 1;
        if (revoked) throw new ConnectionUrlError(failure satisfies ConnectionUrlFailure, "HTTP error");
        return server.mintUrl();
      });
      session.sendPrompt("a long one");
      await until((s) => (s.chat.turns[0]?.text.length ?? 0) > 10, "some of the answer");
      // The broker revoked access and stopped the runtime session: the runtime closes the browser's socket.
      revoked = true;
      server.closeAll(1008, "runtime session stopped");
      const failed = await until((s) => s.connection.status === "failed", "the terminal failure");
      expect(failed.connection.problem).toEqual({ kind, message });
      expect(failed.chat.turns[0]).toMatchObject({ status: "interrupted", interruptReason: "disconnected" });
      // Well past the back-off of several retries: one mint after the close, and no connection attempt.
      await new Promise((resolve) => setTimeout(resolve, 600));
      expect(mints).toBe(2);
      expect(server.presentedTokens.length).toBe(1);
      expect(session.getSnapshot().connection.status).toBe("failed");
    });
  }
});
