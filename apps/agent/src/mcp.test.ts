/**
 * The built-in agent with AGENT_MCP_CONFIG over a real socket: server-everything's tools beside its own,
 * called by the offline model with `/tool`, and a tool of server-filesystem that writes only after approval.
 */
import { existsSync } from "node:fs";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { TestClient } from "@interject/agent-kit/testing";
import { everythingStdio, filesystemStdio, waitForStatus } from "@interject/mcp-tools/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startInterjectAgent } from "./testing/start-agent.ts";

let started: Awaited<ReturnType<typeof startInterjectAgent>>;
let folder: string;

beforeAll(async () => {
  const dir = await mkdtemp(join(tmpdir(), "agent-mcp-"));
  folder = await mkdtemp(join(tmpdir(), "agent-mcp-files-"));
  const path = join(dir, "mcp.json");
  await writeFile(
    path,
    JSON.stringify({ mcpServers: { everything: everythingStdio(), files: filesystemStdio(folder) } }),
  );
  started = await startInterjectAgent({ AGENT_MCP_CONFIG: path });
  const mcp = started.agent.mcp;
  if (!mcp) throw new Error("AGENT_MCP_CONFIG did not give the agent MCP tools");
  await waitForStatus(mcp.manager, "everything", (s) => s.state === "connected");
  await waitForStatus(mcp.manager, "files", (s) => s.state === "connected");
});

afterAll(async () => {
  await started?.agent.close();
});

const connect = (n: number) =>
  TestClient.connect(started.wsBase, {
    sessionId: `built-in-agent-mcp-test-00000000000000${n}`,
    query: "X-Amzn-Bedrock-AgentCore-Runtime-Custom-Trace-Level=full",
  });

describe("the built-in agent with MCP servers", () => {
  it("calls server-everything's get-sum by name and keeps its own tools", async () => {
    const client = await connect(1);
    client.send({ type: "prompt", id: "p1", text: '/tool everything__get-sum {"a": 2, "b": 40}' });
    expect((await client.waitFor("complete")).fullResponse).toContain("The sum of 2 and 40 is 42.");
    client.send({ type: "prompt", id: "p2", text: "What is 12 * 12?" });
    expect((await client.waitFor("complete", 2)).fullResponse).toContain("12 * 12 = 144");
    client.close();
  });

  it("writes a file with server-filesystem only once the user approves", async () => {
    const client = await connect(2);
    const path = join(folder, "note.txt");
    client.send({
      type: "prompt",
      id: "p1",
      text: `/tool files__write_file ${JSON.stringify({ path, content: "approved" })}`,
    });
    const request = await client.waitFor("approval_request");
    expect(request).toMatchObject({ tool: "files__write_file", input: { path, content: "approved" } });
    expect(existsSync(path)).toBe(false);
    client.send({ type: "approval", requestId: request.requestId, decision: "approve" });
    await client.waitFor("complete");
    expect(await readFile(path, "utf8")).toBe("approved");
    client.close();
  });
});
