/**
 * Against the real server-everything over stdio: its tools reach the model as `everything__<tool>` with their
 * schemas and annotations; calls return text and images; progress reaches onProgress; Stop (the signal)
 * cancels a long-running operation on the server; a call that outlives its timeout is cancelled too.
 */
import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { McpToolManager } from "./manager.ts";
import { collectingLogger } from "./testing/collecting-logger.ts";
import { configOf } from "./testing/config.ts";
import { everythingStdio } from "./testing/mcp-servers.ts";
import { waitForStatus } from "./testing/wait.ts";
import type { McpProgress, McpTool } from "./tool.ts";

const LONG = "everything__trigger-long-running-operation";
const logger = collectingLogger();
let manager: McpToolManager;

function tool(name: string): McpTool {
  const found = manager.tool(name);
  if (!found)
    throw new Error(
      `no tool ${name}; have ${manager
        .tools()
        .map((t) => t.name)
        .join(", ")}`,
    );
  return found;
}

interface WireMessage {
  id?: number;
  method?: string;
  params?: unknown;
  result?: unknown;
}

/**
 * server-everything with both directions of its stdio copied to files by `tee` on the way: what the client
 * really sent and what the server really answered, without touching either side.
 */
async function wiretappedManager() {
  const dir = await mkdtemp(join(tmpdir(), "mcp-wire-"));
  const [inLog, outLog] = [join(dir, "in.jsonl"), join(dir, "out.jsonl")];
  const { command, args } = everythingStdio();
  const script = `tee '${inLog}' | '${command}' ${args.map((a) => `'${a}'`).join(" ")} | tee '${outLog}'`;
  const tapped = new McpToolManager({
    config: configOf({ wired: { command: "sh", args: ["-c", script] } }),
    healthCheckIntervalMs: 0,
  });
  tapped.start();
  await waitForStatus(tapped, "wired", (s) => s.state === "connected");
  const read = async (path: string) =>
    (await readFile(path, "utf8"))
      .split("\n")
      .filter(Boolean)
      .map((line) => JSON.parse(line) as WireMessage);
  return {
    manager: { tool: (name: string) => tapped.tool(name.replace(/^everything__/, "wired__")) },
    sent: () => read(inLog),
    received: () => read(outLog),
    close: () => tapped.close(),
  };
}

beforeAll(async () => {
  manager = new McpToolManager({
    config: configOf({
      everything: {
        ...everythingStdio(),
        interject: { disabledTools: ["get-env"], timeouts: { callSeconds: 1, maxCallSeconds: 1.5 } },
      },
    }),
    logger,
    healthCheckIntervalMs: 0,
  });
  manager.start();
  await waitForStatus(manager, "everything", (s) => s.state === "connected");
});

afterAll(async () => {
  await manager.close();
});

describe("server-everything over stdio", () => {
  it("offers its tools as everything__<tool> with schemas, annotations and the approval rule", () => {
    const names = manager.tools().map((t) => t.name);
    expect(names).toEqual(
      expect.arrayContaining(["everything__echo", "everything__get-sum", LONG, "everything__get-tiny-image"]),
    );
    // Disabled in the config; task-only tools cannot be run by tools/call.
    expect(names).not.toContain("everything__get-env");
    expect(names).not.toContain("everything__simulate-research-query");
    const echo = tool("everything__echo");
    expect(echo).toMatchObject({
      serverName: "everything",
      toolName: "echo",
      description: "Echoes back the input string",
      annotations: { title: "Echo Tool", readOnlyHint: true, destructiveHint: false },
      needsApproval: false,
      inputSchema: { type: "object", properties: { message: { type: "string" } }, required: ["message"] },
    });
    expect(echo.inputSchema).not.toHaveProperty("$schema");
    const status = manager.statuses()[0];
    expect(status).toMatchObject({
      server: "everything",
      transport: "stdio",
      state: "connected",
      failures: 0,
    });
    expect(status?.toolCount).toBe(names.length);
    expect(status?.serverInfo?.name).toBe("mcp-servers/everything");
  });

  it("calls echo and get-sum and returns their text with a duration", async () => {
    const echoed = await tool("everything__echo").call({ message: "hello" });
    expect(echoed).toMatchObject({
      outcome: "completed",
      isError: false,
      content: [{ type: "text", text: "Echo: hello" }],
    });
    expect(echoed.durationMs).toBeGreaterThan(0);
    const sum = await tool("everything__get-sum").call({ a: 2, b: 40 });
    expect(sum.content).toEqual([{ type: "text", text: "The sum of 2 and 40 is 42." }]);
  });

  it("returns images as base64 data with their type, and resource links as links", async () => {
    const image = await tool("everything__get-tiny-image").call({});
    const part = image.content.find((p) => p.type === "image");
    expect(part).toMatchObject({ type: "image", mimeType: "image/png" });
    expect(part?.type === "image" && Buffer.from(part.data, "base64").subarray(1, 4).toString()).toBe("PNG");
    const links = await tool("everything__get-resource-links").call({ count: 2 });
    const link = links.content.find((p) => p.type === "resource_link");
    expect(link).toMatchObject({
      type: "resource_link",
      uri: expect.stringMatching(/^demo:\/\//),
      name: expect.any(String),
    });
  });

  it("gives the server's own tool errors as isError, and bad input as a failed call", async () => {
    const bad = await tool("everything__get-sum").call({ a: "two", b: 1 });
    expect(bad.isError).toBe(true);
    expect(bad.content[0]?.type === "text" && bad.content[0].text).toMatch(/a|number/i);
    // The connection survives it.
    expect((await tool("everything__echo").call({ message: "still here" })).outcome).toBe("completed");
  });

  it("passes progress notifications to onProgress", async () => {
    const progress: McpProgress[] = [];
    const result = await tool(LONG).call(
      { duration: 0.9, steps: 3 },
      { onProgress: (p) => progress.push(p) },
    );
    expect(result.outcome).toBe("completed");
    // The last one is written right before the result; SDK 1.x may handle the result first and drop it
    // (modelcontextprotocol/typescript-sdk#2580), so only the earlier ones are certain.
    expect(progress.slice(0, 2)).toEqual([
      { progress: 1, total: 3 },
      { progress: 2, total: 3 },
    ]);
  });

  it("keeps a call alive while progress arrives, beyond the 1 s without-progress timeout", async () => {
    const result = await tool(LONG).call({ duration: 1.2, steps: 4 }, { onProgress: () => {} });
    expect(result.outcome).toBe("completed");
  });

  it("cancels a long-running operation on the server when the signal aborts", async () => {
    const wire = await wiretappedManager();
    try {
      const long = wire.manager.tool(LONG);
      const controller = new AbortController();
      const progress: McpProgress[] = [];
      const result = await long?.call(
        { duration: 1.2, steps: 3 },
        {
          signal: controller.signal,
          onProgress: (p) => {
            progress.push(p);
            controller.abort(new Error("Stop"));
          },
        },
      );
      expect(result).toMatchObject({ outcome: "cancelled", isError: true });
      expect(result?.durationMs).toBeLessThan(1000);
      expect(progress).toHaveLength(1);
      // Let the operation run its course on the server, then read both directions of the wire.
      await new Promise((resolve) => setTimeout(resolve, 2000));
      const sent = await wire.sent();
      const call = sent.find((m) => m.method === "tools/call");
      const cancelled = sent.find((m) => m.method === "notifications/cancelled");
      expect(cancelled?.params).toMatchObject({ requestId: call?.id, reason: "Error: Stop" });
      const received = await wire.received();
      // server-everything ignores the abort and keeps reporting progress, so the request was still running on
      // the server after the cancellation; yet it never answered it: the SDK server drops the result of a
      // request it received notifications/cancelled for. Without the cancellation that result would be here.
      const token = (call?.params as { _meta?: { progressToken?: number } } | undefined)?._meta
        ?.progressToken;
      const progressSeen = received.filter(
        (m) =>
          m.method === "notifications/progress" &&
          (m.params as { progressToken?: number }).progressToken === token,
      );
      expect(progressSeen.length).toBe(3);
      expect(received.some((m) => m.id === call?.id)).toBe(false);
      // The same call, not cancelled, is answered: the proof above is not an artefact of the tap.
      const completed = await long?.call({ duration: 0.1, steps: 1 });
      expect(completed?.outcome).toBe("completed");
      const calls = (await wire.sent()).filter((m) => m.method === "tools/call");
      expect((await wire.received()).some((m) => m.id === calls[1]?.id && m.result !== undefined)).toBe(true);
    } finally {
      await wire.close();
    }
  });

  it("answers cancelled at once, sending nothing, when the signal is already aborted", async () => {
    const result = await tool("everything__echo").call({ message: "x" }, { signal: AbortSignal.abort() });
    expect(result).toMatchObject({ outcome: "cancelled", durationMs: 0 });
  });

  it("times a call out when no answer or progress comes within the call timeout", async () => {
    const result = await tool(LONG).call({ duration: 3, steps: 1 });
    expect(result.outcome).toBe("timed-out");
    expect(result.durationMs).toBeGreaterThanOrEqual(1000);
    expect(result.durationMs).toBeLessThan(2500);
  });

  it("stops at the maximum call time even while progress keeps coming", async () => {
    const result = await tool(LONG).call({ duration: 3, steps: 10 }, { onProgress: () => {} });
    expect(result.outcome).toBe("timed-out");
    expect(result.durationMs).toBeLessThan(2500);
  });
});
