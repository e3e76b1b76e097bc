/**
 * The built-in agent over a real socket: answers about Interject from its knowledge base, files a ticket
 * only after the user approves it, and does arithmetic with the kit's calculator.
 */
import { TestClient } from "@interject/agent-kit/testing";
import { afterEach, describe, expect, it } from "vitest";
import { startInterjectAgent } from "./testing/start-agent.ts";

const stops: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const stop of stops.splice(0)) await stop();
});

async function connect() {
  const { agent, wsBase } = await startInterjectAgent();
  stops.push(() => agent.close());
  return TestClient.connect(wsBase, {
    sessionId: "built-in-agent-test-000000000000000000001",
    query: "X-Amzn-Bedrock-AgentCore-Runtime-Custom-Trace-Level=full",
  });
}

describe("the built-in agent", () => {
  it("answers a question about Interject from its knowledge base", async () => {
    const client = await connect();
    client.send({ type: "prompt", id: "p1", text: "How does resume work after a reconnect?" });
    const complete = await client.waitFor("complete");
    expect(complete.fullResponse).toContain("Here is what the knowledge base says.");
    const tools = client.of("trace").flatMap((t) => (t.trace.kind === "tool_call" ? [t.trace.name] : []));
    expect(tools).toEqual(["search_knowledge"]);
  });

  it("files a ticket only after approval", async () => {
    const client = await connect();
    client.send({ type: "prompt", id: "p1", text: "Please open a ticket about the export button" });
    const request = await client.waitFor("approval_request");
    expect(request).toMatchObject({
      tool: "create_ticket",
      summary: expect.stringContaining("export button"),
    });
    client.send({ type: "approval", requestId: request.requestId, decision: "approve" });
    expect((await client.waitFor("complete")).fullResponse).toContain("Ticket T-1 created");
  });

  it("calculates", async () => {
    const client = await connect();
    client.send({ inputText: "What is 12 * 12?" });
    expect((await client.waitFor("complete")).fullResponse).toContain("12 * 12 = 144");
  });
});
