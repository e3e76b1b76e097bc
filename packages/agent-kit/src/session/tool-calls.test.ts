/**
 * A tool's life in a turn, whatever the tool: its progress reaches users as milestones (thinned out), and
 * an interruption while it runs aborts it and traces its call as cancelled before the interruption itself.
 */
import type { AgentMessage, Trace } from "@interject/protocol";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { until } from "../testing/fake-socket.ts";
import { sessionFixture } from "../testing/session-fixture.ts";
import { defineTool } from "../tools/tool.ts";

/** Reports progress every 10 ms until aborted; records that the abort reached it. */
const seen = { aborted: false, reports: 0 };
const slowTool = defineTool({
  name: "slow_job",
  description: "Runs for a long time.",
  input: z.strictObject({}),
  milestone: "Running the slow job",
  async run(_input, { signal, progress }) {
    for (let step = 1; !signal.aborted; step++) {
      progress(`step ${step}`);
      seen.reports = step;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    seen.aborted = true;
    throw signal.reason;
  },
});

const traces = (messages: AgentMessage[]): Trace[] =>
  messages.flatMap((m) => (m.type === "trace" ? [m.trace] : []));

describe("tool calls in a turn", () => {
  it("shows progress as milestones at most every 500 ms, and traces a call cut by Stop as cancelled", async () => {
    const { session, connect } = await sessionFixture({ tools: [slowTool] });
    const client = connect("full");
    client.send({ type: "prompt", id: "p1", text: "/tool slow_job {}" });
    await until(() =>
      traces(client.socket.messages()).some((t) => t.kind === "milestone" && t.text === "step 1"),
    );
    const firstAt = Date.now();
    await new Promise((resolve) => setTimeout(resolve, 700));
    client.send({ type: "interrupt" });
    const elapsed = Date.now() - firstAt;
    await session.activeTurnDone;
    await until(() => seen.aborted, "the tool to see the abort");
    const all = traces(client.socket.messages());
    const steps = all.filter((t) => t.kind === "milestone" && t.text.startsWith("step "));
    // Dozens of progress reports; users got the first and then one per 500 ms at most.
    expect(seen.reports).toBeGreaterThan(10);
    expect(steps.length).toBeGreaterThanOrEqual(2);
    expect(steps.length).toBeLessThanOrEqual(Math.floor(elapsed / 500) + 1);
    const result = all.find((t) => t.kind === "tool_result");
    expect(result).toMatchObject({ name: "slow_job", isError: true, outcome: "cancelled" });
    expect(result?.kind === "tool_result" && result.durationMs).toBeGreaterThanOrEqual(600);
    const kinds = all.map((t) => t.kind);
    expect(kinds.indexOf("tool_result")).toBeLessThan(kinds.indexOf("interruption"));
    expect(all.filter((t) => t.kind === "tool_result")).toHaveLength(1);
  });
});
