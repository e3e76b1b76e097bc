/**
 * A kit agent with AGENT_MCP_CONFIG, over a real socket, against real MCP servers from npm started by the
 * test: server-everything over stdio (wiretapped, so a cancellation is seen on the wire), server-filesystem
 * on a temporary folder (a tool that changes things, behind approval), a server that cannot start, and one
 * whose process the test kills mid-call. The offline model calls the tools with `/tool <name> <json>`.
 */
import { existsSync } from "node:fs";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { everythingStdio, filesystemStdio, waitForStatus, wiretap } from "@interject/mcp-tools/testing";
import { MAX_FRAME_BYTES, type Trace } from "@interject/protocol";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { AgentApp } from "../app.ts";
import { OfflineProvider } from "../models/offline/offline-provider.ts";
import { startAgent, TestClient } from "../testing/agent-server.ts";
import { RecordingProvider, until } from "../testing/fake-socket.ts";

const FULL = "X-Amzn-Bedrock-AgentCore-Runtime-Custom-Trace-Level=full";
let agent: AgentApp;
let wsBase: string;
let folder: string;
let pidFile: string;
let tap: ReturnType<typeof wiretap>;
const model = new RecordingProvider(new OfflineProvider({ delayMs: 0 }));
let sessions = 0;

beforeAll(async () => {
  const dir = await mkdtemp(join(tmpdir(), "kit-mcp-"));
  folder = await mkdtemp(join(tmpdir(), "kit-mcp-files-"));
  pidFile = join(dir, "fragile.pid");
  tap = wiretap(everythingStdio(), dir);
  const fragile = everythingStdio();
  const config = {
    mcpServers: {
      everything: { ...tap.entry, interject: { disabledTools: ["get-env"] } },
      files: filesystemStdio(folder),
      broken: { command: join(dir, "no-such-server") },
      fragile: {
        command: "sh",
        args: ["-c", `echo $$ > '${pidFile}'; exec '${fragile.command}' '${fragile.args.join("' '")}'`],
      },
    },
  };
  const path = join(dir, "mcp.json");
  await writeFile(path, JSON.stringify(config));
  const started = await startAgent({ AGENT_MCP_CONFIG: path }, { model });
  agent = started.agent;
  wsBase = started.wsBase;
  const mcp = agent.mcp;
  if (!mcp) throw new Error("AGENT_MCP_CONFIG did not start MCP tools");
  for (const server of ["everything", "files", "fragile"]) {
    await waitForStatus(mcp.manager, server, (s) => s.state === "connected");
  }
});

afterAll(async () => {
  await agent?.close();
});

async function connect(): Promise<TestClient> {
  sessions++;
  return TestClient.connect(wsBase, {
    sessionId: `kit-mcp-session-${String(sessions).padStart(4, "0")}-0000000000000000000`,
    query: FULL,
  });
}

function traces(client: TestClient, turnId?: string): Trace[] {
  return client
    .of("trace")
    .filter((m) => turnId === undefined || m.turnId === turnId)
    .map((m) => m.trace);
}

/** Polls `read` until it gives a value (files written by another process). */
async function eventually<T>(read: () => Promise<T | null>, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value !== null) return value;
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function toolResult(client: TestClient, name: string) {
  return traces(client).find((t): t is Extract<Trace, { kind: "tool_result" }> => {
    return t.kind === "tool_result" && t.name === name;
  });
}

describe("MCP tools in the kit", () => {
  it("offers the connected servers' tools to the model as <server>__<tool> with their input schemas", async () => {
    const client = await connect();
    client.send({ type: "prompt", id: "p1", text: "Hello" });
    await client.waitFor("complete");
    const offered = model.lastRequest?.tools ?? [];
    const echo = offered.find((t) => t.name === "everything__echo");
    expect(echo).toMatchObject({
      description: "Echoes back the input string",
      inputSchema: { type: "object", properties: { message: { type: "string" } }, required: ["message"] },
    });
    const names = offered.map((t) => t.name);
    expect(names).toEqual(
      expect.arrayContaining(["calculator", "clock", "files__write_file", "fragile__echo"]),
    );
    expect(names).not.toContain("everything__get-env");
    expect(names.some((n) => n.startsWith("broken__"))).toBe(false);
    for (const name of names) expect(name).toMatch(/^[a-zA-Z0-9_-]{1,64}$/);
    client.close();
  });

  it("calls a tool with /tool and answers with its result; the trace names the server and the outcome", async () => {
    const client = await connect();
    client.send({
      type: "prompt",
      id: "p1",
      text: '/tool everything__echo {"message": "hello from the kit"}',
    });
    const complete = await client.waitFor("complete");
    expect(complete.fullResponse).toContain("Echo: hello from the kit");
    const call = traces(client).find((t) => t.kind === "tool_call");
    expect(call).toMatchObject({
      name: "everything__echo",
      input: { message: "hello from the kit" },
      mcp: { server: "everything", tool: "echo" },
    });
    expect(toolResult(client, "everything__echo")).toMatchObject({
      output: "Echo: hello from the kit",
      isError: false,
      outcome: "completed",
      durationMs: expect.any(Number),
    });
    client.close();
  });

  it("lets the offline model pick an MCP tool by its name and description, without /tool", async () => {
    const client = await connect();
    client.send({ type: "prompt", id: "p1", text: 'Please echo "picked by its description"' });
    expect((await client.waitFor("complete")).fullResponse).toContain("Echo: picked by its description");
    const reasoning = traces(client).find((t) => t.kind === "reasoning");
    expect(reasoning?.kind === "reasoning" && reasoning.rationale).toContain(
      "the prompt names everything__echo",
    );
    client.close();
  });

  it("asks for approval of a destructive tool with its input, writes the file once approved", async () => {
    const client = await connect();
    const path = join(folder, "approved.txt");
    const input = { path, content: "written after approval" };
    client.send({ type: "prompt", id: "p1", text: `/tool files__write_file ${JSON.stringify(input)}` });
    const request = await client.waitFor("approval_request");
    expect(request).toMatchObject({ tool: "files__write_file", input });
    expect(request.summary).toContain('on the MCP server "files"');
    expect(existsSync(path)).toBe(false);
    client.send({ type: "approval", requestId: request.requestId, decision: "approve" });
    await client.waitFor("complete");
    expect(await readFile(path, "utf8")).toBe("written after approval");
    expect(toolResult(client, "files__write_file")).toMatchObject({ isError: false, outcome: "completed" });
    client.close();
  });

  it("tells the model of a denial and carries on; nothing is written", async () => {
    const client = await connect();
    const path = join(folder, "denied.txt");
    client.send({
      type: "prompt",
      id: "p1",
      text: `/tool files__write_file ${JSON.stringify({ path, content: "never" })}`,
    });
    const request = await client.waitFor("approval_request");
    client.send({ type: "approval", requestId: request.requestId, decision: "deny" });
    const complete = await client.waitFor("complete");
    expect(complete.fullResponse).toContain("The user denied the request to run files__write_file");
    expect(existsSync(path)).toBe(false);
    client.close();
  });

  it("shows progress as milestones, and a Stop cancels the call on the server and traces it as cancelled", async () => {
    const client = await connect();
    client.send({
      type: "prompt",
      id: "p1",
      text: '/tool everything__trigger-long-running-operation {"duration": 1.5, "steps": 6}',
    });
    const turn = await client.waitFor("turn");
    await until(
      () => traces(client).some((t) => t.kind === "milestone" && /1 of 6/.test(t.text)),
      "a progress milestone",
    );
    client.send({ type: "interrupt" });
    const interrupted = await client.waitFor("interrupted");
    expect(interrupted.reason).toBe("user");
    const result = toolResult(client, "everything__trigger-long-running-operation");
    expect(result).toMatchObject({ isError: true, outcome: "cancelled" });
    const kinds = traces(client, turn.turnId).map((t) => t.kind);
    expect(kinds.indexOf("tool_result")).toBeLessThan(kinds.indexOf("interruption"));
    // On the wire: the client sent notifications/cancelled for that tools/call (tee may write it a moment
    // later). server-everything ignores the abort and runs the operation to its end (all 6 progress
    // notifications), yet never answers the call: the SDK server drops the result of a cancelled request.
    const sent = await eventually(async () => {
      const all = await tap.sent();
      return all.some((m) => m.method === "notifications/cancelled") ? all : null;
    });
    const call = sent.findLast(
      (m) =>
        m.method === "tools/call" &&
        (m.params as { name?: string }).name === "trigger-long-running-operation",
    );
    expect(sent.find((m) => m.method === "notifications/cancelled")?.params).toMatchObject({
      requestId: call?.id,
    });
    const token = (call?.params as { _meta?: { progressToken?: unknown } } | undefined)?._meta?.progressToken;
    const received = await eventually(async () => {
      const all = await tap.received();
      const progress = all.filter(
        (m) =>
          m.method === "notifications/progress" &&
          (m.params as { progressToken?: unknown }).progressToken === token,
      );
      return progress.length === 6 ? all : null;
    });
    expect(received.some((m) => m.id === call?.id)).toBe(false);
    client.close();
  });

  it("puts an image result inline in the trace from its data, within one frame", async () => {
    const client = await connect();
    client.send({ type: "prompt", id: "p1", text: "/tool everything__get-tiny-image {}" });
    await client.waitFor("complete");
    const result = toolResult(client, "everything__get-tiny-image");
    const image = result?.attachments?.find((a) => a.type === "image");
    expect(image).toMatchObject({ type: "image", mimeType: "image/png" });
    expect(image?.type === "image" && Buffer.from(image.data, "base64").subarray(1, 4).toString()).toBe(
      "PNG",
    );
    for (const raw of client.raw) expect(Buffer.byteLength(raw)).toBeLessThanOrEqual(MAX_FRAME_BYTES);
    client.close();
  });

  it("shows resource results as links, not fetched", async () => {
    const client = await connect();
    client.send({ type: "prompt", id: "p1", text: '/tool everything__get-resource-links {"count": 2}' });
    await client.waitFor("complete");
    const links = toolResult(client, "everything__get-resource-links")?.attachments ?? [];
    expect(links.filter((a) => a.type === "resource_link")).toHaveLength(2);
    expect(links[0]).toMatchObject({ uri: expect.stringMatching(/^demo:\/\//) });
    client.close();
  });

  it("survives a server that dies mid-call: the turn ends with the failure told to the model", async () => {
    const mcp = agent.mcp;
    if (!mcp) throw new Error("no MCP");
    const client = await connect();
    client.send({
      type: "prompt",
      id: "p1",
      text: '/tool fragile__trigger-long-running-operation {"duration": 10, "steps": 10}',
    });
    await until(() => traces(client).some((t) => t.kind === "milestone" && /1 of 10/.test(t.text)));
    process.kill(Number(await readFile(pidFile, "utf8")), "SIGKILL");
    const complete = await client.waitFor("complete");
    expect(toolResult(client, "fragile__trigger-long-running-operation")).toMatchObject({
      isError: true,
      outcome: "failed",
    });
    expect(complete.fullResponse).toContain("fragile__trigger-long-running-operation failed");
    // Down now, its tools withheld; the agent answers the next prompt as ever, then the server is back.
    await waitForStatus(mcp.manager, "fragile", (s) => s.state !== "connected");
    const next = await connect();
    next.send({ type: "prompt", id: "p2", text: '/tool fragile__echo {"message": "x"}' });
    expect((await next.waitFor("complete")).fullResponse).toMatch(/no tool named "fragile__echo"|Echo: x/);
    await waitForStatus(mcp.manager, "fragile", (s) => s.state === "connected");
    client.close();
    next.close();
  });

  it("reports the server that cannot start as down with its error, and never offers its tools", async () => {
    // Its first attempt may still be under way on a busy machine: wait for the verdict, not a moment.
    const broken = await vi.waitFor(
      () => {
        const status = agent.mcp?.statuses().find((s) => s.server === "broken");
        expect(status).toMatchObject({ state: "down", toolCount: 0 });
        return status;
      },
      { timeout: 15_000, interval: 50 },
    );
    expect(broken?.lastError).toMatch(/ENOENT|no-such-server|closed/);
  });

  it("withholds a tool an administrator switched off, until it is switched on again", async () => {
    const mcp = agent.mcp;
    if (!mcp) throw new Error("no MCP");
    mcp.setWithheld([{ server: "everything", tool: "echo" }]);
    const client = await connect();
    client.send({ type: "prompt", id: "p1", text: '/tool everything__echo {"message": "hidden"}' });
    expect((await client.waitFor("complete")).fullResponse).toContain(
      'There is no tool named "everything__echo"',
    );
    expect(model.lastRequest?.tools.map((t) => t.name)).not.toContain("everything__echo");
    expect(mcp.report().tools.find((t) => t.name === "everything__echo")).toMatchObject({ withheld: true });
    mcp.setWithheld([]);
    client.send({ type: "prompt", id: "p2", text: '/tool everything__echo {"message": "back"}' });
    expect((await client.waitFor("complete", 2)).fullResponse).toContain("Echo: back");
    client.close();
  });
});
