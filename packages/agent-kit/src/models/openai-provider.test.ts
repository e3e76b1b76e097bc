/**
 * The OpenAI-compatible provider against a local server speaking the real chat-completions SSE format:
 * streamed text, tool calls assembled from deltas, usage, and an interruption that closes the request.
 */

import { createServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { TRACE_LEVEL_PARAM } from "@interject/agentcore-sigv4/constants";

import { afterEach, describe, expect, it } from "vitest";
import { startAgent, TestClient } from "../testing/agent-server.ts";
import { until } from "../testing/fake-socket.ts";

interface Call {
  body: { model: string; stream: boolean; messages: unknown[]; tools?: unknown[] };
  authorization: string | undefined;
  clientGone: boolean;
  written: number;
}
type Script = (call: Call, res: ServerResponse, calls: Call[]) => Promise<void>;

const cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0)) await fn();
});

function sse(call: Call, res: ServerResponse, payload: unknown): boolean {
  if (call.clientGone || res.destroyed) return false;
  res.write(`data: ${typeof payload === "string" ? payload : JSON.stringify(payload)}\n\n`);
  call.written++;
  return true;
}

const delta = (d: Record<string, unknown>, finish: string | null = null) => ({
  id: "chatcmpl-1",
  object: "chat.completion.chunk",
  model: "llama3.2",
  choices: [{ index: 0, delta: d, finish_reason: finish }],
});

async function setup(script: Script) {
  const calls: Call[] = [];
  const server = createServer(async (req, res) => {
    const parts: Buffer[] = [];
    for await (const part of req as AsyncIterable<Buffer>) parts.push(part);
    const call: Call = {
      body: JSON.parse(Buffer.concat(parts).toString()),
      authorization: req.headers.authorization,
      clientGone: false,
      written: 0,
    };
    calls.push(call);
    res.on("close", () => {
      if (!res.writableFinished) call.clientGone = true;
    });
    if (req.url !== "/v1/chat/completions") {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { "content-type": "text/event-stream" });
    await script(call, res, calls);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  cleanup.push(() => new Promise((resolve) => server.close(() => resolve())));
  const started = await startAgent({
    AGENT_MODEL: "openai",
    AGENT_OPENAI_BASE_URL: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`,
    AGENT_OPENAI_MODEL: "llama3.2",
    AGENT_OPENAI_API_KEY: "sk-local-test",
  });
  cleanup.unshift(() => started.agent.close());
  return { calls, ...started };
}

describe("openai-compatible provider", () => {
  it("streams text and runs tool calls assembled from SSE deltas", async () => {
    const { calls, wsBase } = await setup(async (call, res, all) => {
      if (all.length === 1) {
        sse(call, res, delta({ role: "assistant", content: "" }));
        sse(
          call,
          res,
          delta({
            tool_calls: [
              { index: 0, id: "call_1", type: "function", function: { name: "clock", arguments: "" } },
            ],
          }),
        );
        sse(call, res, delta({ tool_calls: [{ index: 0, function: { arguments: '{"timeZone":' } }] }));
        sse(call, res, delta({ tool_calls: [{ index: 0, function: { arguments: '"Asia/Tokyo"}' } }] }));
        sse(call, res, delta({}, "tool_calls"));
      } else {
        for (const content of ["It is ", "late in ", "Tokyo."]) sse(call, res, delta({ content }));
        sse(call, res, delta({}, "stop"));
      }
      sse(call, res, {
        id: "x",
        object: "chat.completion.chunk",
        choices: [],
        usage: { prompt_tokens: 50, completion_tokens: 7, total_tokens: 57 },
      });
      sse(call, res, "[DONE]");
      res.end();
    });
    const client = await TestClient.connect(wsBase, { query: `${TRACE_LEVEL_PARAM}=full` });
    client.send({ type: "prompt", id: "p1", text: "What time is it in Tokyo?" });
    const complete = await client.waitFor("complete");
    expect(complete.fullResponse).toBe("It is late in Tokyo.");
    const traces = client.of("trace").map((t) => t.trace);
    expect(traces).toContainEqual(
      expect.objectContaining({ kind: "tool_call", name: "clock", input: { timeZone: "Asia/Tokyo" } }),
    );
    expect(traces).toContainEqual(
      expect.objectContaining({ kind: "tool_result", name: "clock", isError: false }),
    );
    expect(traces).toContainEqual(
      expect.objectContaining({
        kind: "model_call",
        provider: "openai",
        inputTokens: 50,
        outputTokens: 7,
        stopReason: "tool_use",
      }),
    );
    expect(calls[0]?.authorization).toBe("Bearer sk-local-test");
    expect(calls[0]?.body).toMatchObject({ model: "llama3.2", stream: true });
    expect(calls[0]?.body.tools).toHaveLength(2);
    expect(calls[1]?.body.messages).toContainEqual({
      role: "tool",
      tool_call_id: "call_1",
      content: expect.stringContaining("GMT+9"),
    });
    client.close();
  });

  it("aborts the HTTP request on interruption so the server stops generating", async () => {
    const { calls, wsBase } = await setup(async (call, res) => {
      for (let i = 0; i < 2000; i++) {
        if (!sse(call, res, delta({ content: `token${i} ` }))) return;
        await sleep(5);
      }
      res.end();
    });
    const client = await TestClient.connect(wsBase);
    client.send({ inputText: "go on and on" });
    await client.waitFor("chunk", 5);
    client.send({ inputText: "stop, something else" });
    const interrupted = await client.waitFor("interrupted");
    expect(interrupted.reason).toBe("new_prompt");
    expect(interrupted.partialResponse).toBe(
      client
        .of("chunk")
        .filter((c) => c.turnId === interrupted.turnId)
        .map((c) => c.data)
        .join(""),
    );
    await until(() => calls[0]?.clientGone === true, "the request to be aborted");
    const written = calls[0]?.written ?? 0;
    await sleep(50);
    expect(calls[0]?.written).toBe(written);
    client.close();
  });
});
