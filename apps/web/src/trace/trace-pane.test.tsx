/** The trace pane: milestones as a list for users, the full per-turn waterfall when more kinds arrive. */
import type { TraceEntry, TurnView } from "@interject/chat-client";
import type { Trace } from "@interject/protocol";
import { cleanup, render, screen, within } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { TracePane } from "./trace-pane.tsx";

afterEach(cleanup);

const T0 = 1_800_000_000_000;

function turn(traces: Trace[], fields: Partial<TurnView> = {}): TurnView {
  const entries: TraceEntry[] = traces.map((trace, i) => ({ seq: i + 2, trace }));
  return {
    turnId: "t1",
    promptId: "p1",
    prompt: "What is the weather?",
    text: "",
    status: "complete",
    interruptReason: null,
    stopRequested: false,
    error: null,
    traces: entries,
    approvals: [],
    startedAt: T0,
    endedAt: T0 + 4000,
    attachments: [],
    ...fields,
  };
}

describe("TracePane", () => {
  it("shows a user's milestones as a simple list, without a waterfall", () => {
    render(
      <TracePane
        turn={turn([
          { kind: "milestone", at: T0 + 10, text: "Looking up the forecast" },
          { kind: "milestone", at: T0 + 900, text: "Writing the answer" },
        ])}
      />,
    );
    const pane = screen.getByRole("region", { name: "Trace" });
    const items = within(pane).getAllByRole("listitem");
    expect(items.map((item) => item.textContent)).toEqual([
      expect.stringContaining("Looking up the forecast"),
      expect.stringContaining("Writing the answer"),
    ]);
    expect(pane.querySelector(".waterfall")).toBeNull();
  });

  it("shows an admin's full trace: reasoning, tool input/output/duration, model timings and tokens, interruptions, approvals", () => {
    render(
      <TracePane
        turn={turn([
          { kind: "reasoning", at: T0 + 5, rationale: "The user wants today's forecast." },
          { kind: "tool_call", at: T0 + 20, callId: "c1", name: "weather", input: { city: "Oslo" } },
          {
            kind: "tool_result",
            at: T0 + 820,
            callId: "c1",
            name: "weather",
            output: "3°C, rain",
            isError: false,
            durationMs: 800,
          },
          {
            kind: "model_call",
            at: T0 + 2500,
            provider: "bedrock",
            model: "claude-test",
            timeToFirstTokenMs: 350,
            latencyMs: 1600,
            inputTokens: 1200,
            outputTokens: 85,
            stopReason: "end_turn",
          },
          { kind: "approval", at: T0 + 2600, requestId: "r1", tool: "send_email", decision: "approved" },
          { kind: "interruption", at: T0 + 3000, reason: "user", partialChars: 42 },
        ])}
      />,
    );
    const pane = screen.getByRole("region", { name: "Trace" });
    expect(pane.querySelector(".waterfall")).not.toBeNull();
    expect(within(pane).getByText("The user wants today's forecast.")).toBeTruthy();
    const tool = within(pane).getByText("Tool weather").closest("li");
    expect(tool?.textContent).toContain("800 ms");
    expect(tool?.textContent).toContain('"city": "Oslo"');
    expect(tool?.textContent).toContain("3°C, rain");
    const model = within(pane).getByText("Model claude-test").closest("li");
    expect(model?.textContent).toContain("TTFT 350 ms");
    expect(model?.textContent).toContain("latency 1.60 s");
    expect(model?.textContent).toContain("1200 in / 85 out tokens");
    expect(within(pane).getByText("Approval approved: send_email")).toBeTruthy();
    expect(within(pane).getByText("Interrupted (user)")).toBeTruthy();
    // One row per trace, except the tool result which is shown with its call.
    expect(within(pane).getAllByRole("listitem")).toHaveLength(5);
  });

  it("says it is waiting while a turn streams with no trace yet", () => {
    render(<TracePane turn={turn([], { status: "streaming", endedAt: null })} now={T0 + 100} />);
    expect(screen.getByText("Waiting for the agent…")).toBeTruthy();
    expect(screen.getByText("(live)")).toBeTruthy();
  });
});

describe("TracePane with tools from MCP servers", () => {
  const PNG =
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==";

  it("names the server, shows a cancelled call as cancelled, draws images from their data and links without fetching", () => {
    render(
      <TracePane
        turn={turn([
          {
            kind: "tool_call",
            at: T0 + 10,
            callId: "c1",
            name: "everything__get-tiny-image",
            input: {},
            mcp: { server: "everything", tool: "get-tiny-image" },
          },
          {
            kind: "tool_result",
            at: T0 + 30,
            callId: "c1",
            name: "everything__get-tiny-image",
            output: "A tiny image:",
            isError: false,
            durationMs: 20,
            outcome: "completed",
            attachments: [
              { type: "image", mimeType: "image/png", data: PNG },
              { type: "resource_link", uri: "https://example.com/report.pdf", name: "report.pdf" },
              { type: "resource_link", uri: "file:///etc/passwd", name: "passwd" },
            ],
          },
          {
            kind: "tool_call",
            at: T0 + 40,
            callId: "c2",
            name: "everything__trigger-long-running-operation",
            input: { duration: 10 },
            mcp: { server: "everything", tool: "trigger-long-running-operation" },
          },
          {
            kind: "tool_result",
            at: T0 + 2040,
            callId: "c2",
            name: "everything__trigger-long-running-operation",
            output: "Cancelled: the answer was interrupted while the tool ran.",
            isError: true,
            durationMs: 2000,
            outcome: "cancelled",
          },
        ])}
      />,
    );
    const pane = screen.getByRole("region", { name: "Trace" });
    const [image, long] = within(pane)
      .getAllByRole("listitem")
      .filter((li) => li.dataset.kind === "tool_call");
    expect(image?.textContent).toContain("MCP everything: get-tiny-image");
    expect(image?.textContent).toContain("ok");
    expect(long?.textContent).toContain("cancelled");
    const img = within(pane).getByRole("img", { name: /returned by/ });
    expect(img.getAttribute("src")).toBe(`data:image/png;base64,${PNG}`);
    const links = within(pane).getByRole("list", { name: /Resources returned by/ });
    const web = within(links).getByRole("link", { name: "report.pdf" });
    expect(web.getAttribute("href")).toBe("https://example.com/report.pdf");
    expect(web.getAttribute("rel")).toBe("noopener noreferrer");
    // Any other scheme is text, not a link.
    expect(within(links).queryByRole("link", { name: "passwd" })).toBeNull();
    expect(links.textContent).toContain("file:///etc/passwd");
  });
});

describe("TracePane at the basic level", () => {
  it("says the agent sends no traces instead of showing an empty pane", () => {
    render(<TracePane turn={turn([], { status: "streaming" })} level="basic" />);
    const pane = screen.getByRole("region", { name: "Trace" });
    expect(pane.textContent).toContain("This agent sends no traces");
    expect(pane.textContent).not.toContain("Waiting for the agent");
  });
});
