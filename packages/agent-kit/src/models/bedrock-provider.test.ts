/**
 * The Bedrock provider with the real SDK against a local server speaking the AWS event-stream encoding:
 * streamed text, tool use through the agent's tool registry, usage in traces, and an interruption that
 * closes the HTTP stream so the server stops generating.
 */

import { setTimeout as sleep } from "node:timers/promises";
import { TRACE_LEVEL_PARAM } from "@interject/agentcore-sigv4/constants";

import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startAgent, TestClient } from "../testing/agent-server.ts";
import { type ConverseScript, startBedrockServer, writeEvent } from "../testing/bedrock-server.ts";
import { until } from "../testing/fake-socket.ts";

const MODEL = "us.anthropic.claude-haiku-4-5-20251001-v1:0";
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

async function setup(script: ConverseScript, modelId = MODEL) {
  const bedrock = await startBedrockServer(script);
  cleanup.push(() => new Promise((resolve) => bedrock.server.close(() => resolve())));
  const started = await startAgent({
    AGENT_MODEL: "bedrock",
    AGENT_BEDROCK_ENDPOINT: bedrock.url,
    AGENT_BEDROCK_REGION: "us-west-2",
    AGENT_BEDROCK_MODEL_ID: modelId,
  });
  cleanup.unshift(() => started.agent.close());
  return { bedrock, ...started };
}

describe("bedrock provider", () => {
  it("streams text, runs the tools Claude asks for, and traces usage", async () => {
    const { bedrock, wsBase } = await setup(async (call, res) => {
      const second = bedrock.calls.length === 2;
      writeEvent(call, res, "messageStart", { role: "assistant" });
      if (!second) {
        writeEvent(call, res, "contentBlockDelta", {
          contentBlockIndex: 0,
          delta: { text: "Let me calculate. " },
        });
        writeEvent(call, res, "contentBlockStop", { contentBlockIndex: 0 });
        writeEvent(call, res, "contentBlockStart", {
          contentBlockIndex: 1,
          start: { toolUse: { toolUseId: "tooluse_1", name: "calculator" } },
        });
        writeEvent(call, res, "contentBlockDelta", {
          contentBlockIndex: 1,
          delta: { toolUse: { input: '{"expression":' } },
        });
        writeEvent(call, res, "contentBlockDelta", {
          contentBlockIndex: 1,
          delta: { toolUse: { input: '"12*12"}' } },
        });
        writeEvent(call, res, "contentBlockStop", { contentBlockIndex: 1 });
        writeEvent(call, res, "messageStop", { stopReason: "tool_use" });
        writeEvent(call, res, "metadata", {
          usage: { inputTokens: 120, outputTokens: 30, totalTokens: 150 },
          metrics: { latencyMs: 5 },
        });
      } else {
        for (const text of ["12 times 12 ", "is 144."])
          writeEvent(call, res, "contentBlockDelta", { contentBlockIndex: 0, delta: { text } });
        writeEvent(call, res, "contentBlockStop", { contentBlockIndex: 0 });
        writeEvent(call, res, "messageStop", { stopReason: "end_turn" });
        writeEvent(call, res, "metadata", {
          usage: { inputTokens: 200, outputTokens: 9, totalTokens: 209 },
          metrics: { latencyMs: 5 },
        });
      }
      res.end();
    });
    const client = await TestClient.connect(wsBase, { query: `${TRACE_LEVEL_PARAM}=full` });
    client.send({ type: "prompt", id: "p1", text: "What is 12*12?" });
    const complete = await client.waitFor("complete");
    expect(complete.fullResponse).toBe("Let me calculate. 12 times 12 is 144.");
    const traces = client.of("trace").map((t) => t.trace);
    expect(traces).toContainEqual(
      expect.objectContaining({
        kind: "tool_result",
        name: "calculator",
        output: "12*12 = 144",
        isError: false,
      }),
    );
    expect(traces).toContainEqual(
      expect.objectContaining({
        kind: "model_call",
        provider: "bedrock",
        model: MODEL,
        inputTokens: 120,
        outputTokens: 30,
        stopReason: "tool_use",
      }),
    );
    expect(traces).toContainEqual(
      expect.objectContaining({
        kind: "model_call",
        inputTokens: 200,
        outputTokens: 9,
        stopReason: "end_turn",
      }),
    );
    const [first, second] = bedrock.calls;
    expect(first?.path).toBe(`/model/${encodeURIComponent(MODEL)}/converse-stream`);
    expect(first?.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDLOCALTEST000000\/\d{8}\/us-west-2\/bedrock\/aws4_request/,
    );
    const toolNames = (
      (first?.body.toolConfig ?? { tools: [] }) as { tools: Array<{ toolSpec: { name: string } }> }
    ).tools.map((t) => t.toolSpec.name);
    expect(toolNames).toEqual(["calculator", "clock"]);
    expect(JSON.stringify(second?.body.messages)).toContain(
      '"toolResult":{"toolUseId":"tooluse_1","content":[{"text":"12*12 = 144"}],"status":"success"}',
    );
    client.close();
  });

  it("closes the model's HTTP stream on interruption: the server sees the client leave and writes nothing more", async () => {
    const { bedrock, wsBase } = await setup(async (call, res) => {
      writeEvent(call, res, "messageStart", { role: "assistant" });
      for (let i = 0; i < 2000; i++) {
        if (
          !writeEvent(call, res, "contentBlockDelta", { contentBlockIndex: 0, delta: { text: `word${i} ` } })
        )
          return;
        await sleep(5);
      }
      res.end();
    });
    const client = await TestClient.connect(wsBase);
    client.send({ inputText: "Talk for a long time" });
    await client.waitFor("chunk", 5);
    client.send({ type: "interrupt" });
    const interrupted = await client.waitFor("interrupted");
    const sent = client
      .of("chunk")
      .map((c) => c.data)
      .join("");
    expect(interrupted.partialResponse).toBe(sent);
    const call = bedrock.calls[0];
    await until(() => call?.clientGone === true, "the SDK to close the stream");
    const written = call?.eventsWritten ?? 0;
    await sleep(50);
    expect(call?.eventsWritten).toBe(written);
    expect(written).toBeLessThan(2000);
    client.close();
  });

  it("turns a Bedrock error into a model_error that ends the turn", async () => {
    const { wsBase } = await setup(async (_call, res) => {
      res.end();
    }, "denied-model");
    const client = await TestClient.connect(wsBase);
    client.send({ inputText: "hello" });
    const error = await client.waitFor("error");
    expect(error).toMatchObject({ code: "model_error", turnId: expect.any(String), retryable: false });
    expect(error.error).toContain("AccessDeniedException");
    client.close();
  });
});
