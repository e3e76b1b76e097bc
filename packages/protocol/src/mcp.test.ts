/**
 * The MCP additions: tool traces with their server, outcome and attachments (optional, so events stored
 * before them still parse), and the status report an agent sends the broker with its answer.
 */
import { describe, expect, it } from "vitest";
import { McpStatusAnswer, McpStatusReport, parseAgentMessage, ToolResultTrace } from "./index.ts";

const at = 1_763_000_000_000;
const PNG =
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==";

describe("MCP tool traces", () => {
  it("parses a tool call with its server and a result with outcome, image and link", () => {
    const call = parseAgentMessage(
      JSON.stringify({
        type: "trace",
        seq: 1,
        turnId: "t1",
        trace: {
          kind: "tool_call",
          at,
          callId: "c1",
          name: "everything__get-tiny-image",
          input: {},
          mcp: { server: "everything", tool: "get-tiny-image" },
        },
      }),
    );
    expect(call.ok).toBe(true);
    const result = ToolResultTrace.safeParse({
      kind: "tool_result",
      at,
      callId: "c1",
      name: "everything__get-tiny-image",
      output: "A tiny image:",
      isError: false,
      durationMs: 3,
      outcome: "completed",
      attachments: [
        { type: "image", mimeType: "image/png", data: PNG },
        { type: "resource_link", uri: "file:///tmp/a.txt", name: "a.txt", mimeType: "text/plain" },
      ],
    });
    expect(result.success).toBe(true);
  });

  it("still parses tool results stored before the new fields existed", () => {
    expect(
      ToolResultTrace.safeParse({
        kind: "tool_result",
        at,
        callId: "c1",
        name: "calculator",
        output: "4",
        isError: false,
        durationMs: 1,
      }).success,
    ).toBe(true);
  });

  it("refuses SVG, data that is not base64, images over a frame and unknown outcomes", () => {
    const base = {
      kind: "tool_result",
      at,
      callId: "c1",
      name: "x",
      output: "",
      isError: false,
      durationMs: 1,
    };
    const image = (mimeType: string, data: string) => ({
      ...base,
      attachments: [{ type: "image", mimeType, data }],
    });
    expect(ToolResultTrace.safeParse(image("image/svg+xml", PNG)).success).toBe(false);
    expect(ToolResultTrace.safeParse(image("image/png", "not base64!")).success).toBe(false);
    expect(ToolResultTrace.safeParse(image("image/png", "A".repeat(9000))).success).toBe(false);
    expect(ToolResultTrace.safeParse({ ...base, outcome: "stopped" }).success).toBe(false);
  });
});

describe("MCP status report", () => {
  it("parses a report with a connected and a down server, and the broker's answer", () => {
    const report = {
      agent: "agent",
      instanceId: "0b6c2f7e-6a47-4a7b-9f0e-1e2f3a4b5c6d",
      reportSeconds: 30,
      servers: [
        {
          server: "files",
          transport: "stdio",
          state: "connected",
          since: at,
          toolCount: 1,
          failures: 0,
          serverInfo: { name: "secure-filesystem-server", version: "0.2.0" },
        },
        {
          server: "gateway",
          transport: "http",
          state: "down",
          since: at,
          toolCount: 0,
          failures: 3,
          lastError: "connect ECONNREFUSED",
          nextRetryAt: at + 4000,
        },
      ],
      tools: [
        {
          name: "files__write_file",
          server: "files",
          tool: "write_file",
          description: "Create a new file or completely overwrite an existing file.",
          annotations: { readOnlyHint: false, destructiveHint: true },
          needsApproval: true,
          withheld: false,
        },
      ],
    };
    expect(McpStatusReport.parse(report)).toEqual(report);
    expect(McpStatusReport.safeParse({ ...report, extra: 1 }).success).toBe(false);
    expect(McpStatusAnswer.parse({ withheld: [{ server: "files", tool: "write_file" }] })).toBeTruthy();
  });
});
