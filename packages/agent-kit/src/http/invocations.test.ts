/**
 * `POST /invocations` with answers longer than one frame (the real Bedrock provider against a local server
 * speaking Bedrock's wire format, so the answer's length is chosen): the JSON answer holds the whole text in
 * one message, SSE streams every part; and an invocation whose runtime session is stopped ends `interrupted`
 * with reason `revoked`.
 */
import { setTimeout as sleep } from "node:timers/promises";
import {
  SESSION_ID_PARAM,
  SESSION_STOPPED_CLOSE_CODE,
  SESSION_STOPPED_CLOSE_REASON,
} from "@interject/agentcore-sigv4/constants";
import { type AgentMessage, MAX_FRAME_BYTES, parseAgentMessage } from "@interject/protocol";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startAgent, TestClient } from "../testing/agent-server.ts";
import { type ConverseScript, startBedrockServer, writeEvent } from "../testing/bedrock-server.ts";

const SESSION = "invocations-session-000000000000000000001";
const saved = { ...process.env };
beforeAll(() => {
  process.env.AWS_ACCESS_KEY_ID = "AKIDLOCALTEST000000";
  process.env.AWS_SECRET_ACCESS_KEY = "local-test-secret-key";
  delete process.env.AWS_PROFILE;
  delete process.env.AWS_SESSION_TOKEN;
});
afterAll(() => {
  process.env = saved;
});
const cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0)) await fn();
});

async function setup(script: ConverseScript) {
  const bedrock = await startBedrockServer(script);
  cleanup.push(() => new Promise((resolve) => bedrock.server.close(() => resolve())));
  const started = await startAgent({
    AGENT_MODEL: "bedrock",
    AGENT_BEDROCK_ENDPOINT: bedrock.url,
    AGENT_BEDROCK_REGION: "us-west-2",
  });
  cleanup.unshift(() => started.agent.close());
  return started;
}

/** 20,000 characters (more than two 8 KB frames), in deltas of 100. */
const LONG = Array.from({ length: 200 }, (_, i) => `${String(i).padStart(4, "0")} `.repeat(20)).join("");

const longAnswer: ConverseScript = async (call, res) => {
  writeEvent(call, res, "messageStart", { role: "assistant" });
  for (let i = 0; i < LONG.length; i += 100)
    writeEvent(call, res, "contentBlockDelta", {
      contentBlockIndex: 0,
      delta: { text: LONG.slice(i, i + 100) },
    });
  writeEvent(call, res, "contentBlockStop", { contentBlockIndex: 0 });
  writeEvent(call, res, "messageStop", { stopReason: "end_turn" });
  writeEvent(call, res, "metadata", { usage: { inputTokens: 10, outputTokens: 5000, totalTokens: 5010 } });
  res.end();
};

function sseMessages(body: string): AgentMessage[] {
  return body
    .split("\n\n")
    .filter((block) => block.startsWith("data: "))
    .map((block) => {
      const parsed = parseAgentMessage(block.slice(6));
      if (!parsed.ok) throw new Error(parsed.error.message);
      return parsed.value;
    });
}

describe("answers longer than one frame", () => {
  it("the JSON answer is the whole answer in one complete message", async () => {
    expect(LONG.length).toBeGreaterThan(2 * MAX_FRAME_BYTES);
    const { base } = await setup(longAnswer);
    const res = await fetch(`${base}/invocations`, {
      method: "POST",
      body: JSON.stringify({ prompt: "Talk at length" }),
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ type: "complete", fullResponse: LONG });
    expect(body).not.toHaveProperty("part");
    expect(body).not.toHaveProperty("parts");
  });

  it("SSE streams every part of the final message, up to the last", async () => {
    const { base } = await setup(longAnswer);
    const res = await fetch(`${base}/invocations`, {
      method: "POST",
      headers: { accept: "text/event-stream" },
      body: JSON.stringify({ prompt: "Talk at length" }),
    });
    const messages = sseMessages(await res.text());
    const parts = messages.filter((m) => m.type === "complete");
    expect(parts.length).toBeGreaterThanOrEqual(3);
    expect(parts.map((p) => p.part)).toEqual(parts.map((_, i) => i + 1));
    expect(parts.at(-1)?.part).toBe(parts.at(-1)?.parts);
    expect(messages.at(-1)).toBe(parts.at(-1));
    expect(parts.map((p) => p.fullResponse).join("")).toBe(LONG);
  });
});

describe("a stopped runtime session", () => {
  it("ends a waiting invocation as interrupted (revoked), with everything sent so far", async () => {
    const { base, wsBase } = await setup(async (call, res) => {
      writeEvent(call, res, "messageStart", { role: "assistant" });
      for (let i = 0; i < 2000; i++) {
        if (!writeEvent(call, res, "contentBlockDelta", { contentBlockIndex: 0, delta: { text: `w${i} ` } }))
          return;
        await sleep(5);
      }
      res.end();
    });
    const answer = fetch(`${base}/invocations`, {
      method: "POST",
      headers: { [SESSION_ID_PARAM]: SESSION },
      body: JSON.stringify({ prompt: "Talk for a long time" }),
    });
    // The runtime's socket for this session (the test plays the runtime): it watches, then stops the session.
    const runtime = await TestClient.connect(wsBase, { sessionId: SESSION });
    runtime.send({ type: "resume", afterSeq: 0 });
    await runtime.waitFor("chunk", 3);
    runtime.ws.close(SESSION_STOPPED_CLOSE_CODE, SESSION_STOPPED_CLOSE_REASON);
    const res = await answer;
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      type: string;
      reason: string;
      partialResponse: string;
      turnId: string;
    };
    expect(body).toMatchObject({ type: "interrupted", reason: "revoked" });
    const seen = runtime
      .of("chunk")
      .map((c) => c.data)
      .join("");
    expect(body.partialResponse.startsWith(seen)).toBe(true);
  });
});
