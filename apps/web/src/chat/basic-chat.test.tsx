/**
 * The chat's pieces with an agent at the basic protocol level, in jsdom, against the level's real fixture
 * (examples/basic-agent, as its own process) over a real WebSocket: the answer streams into the transcript,
 * sending mid-answer shows the old answer stopped for the new message with its partial, Stop says the answer
 * was stopped, the trace pane says the agent sends no traces, and each finished turn is reported.
 */
import { RuntimeGate } from "@interject/agent-kit/testing";
import { AgentChat } from "@interject/chat-client";
import { type BasicAgentProcess, startBasicAgent } from "@interject/chat-client/testing";
import type { ReportedTurn } from "@interject/protocol";
import { act, cleanup, render, screen, waitFor, within } from "@testing-library/react";
import { useSyncExternalStore } from "react";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { TracePane } from "../trace/trace-pane.tsx";
import { Announcer } from "./announcer.tsx";
import { ConnectionIndicator } from "./connection-indicator.tsx";
import { Transcript } from "./transcript.tsx";

let agent: BasicAgentProcess;
let gate: RuntimeGate | undefined;
let chat: AgentChat | undefined;

beforeAll(async () => {
  agent = await startBasicAgent({ wordDelayMs: 15 });
});

afterAll(async () => {
  await agent?.stop();
});

afterEach(async () => {
  cleanup();
  chat?.stop();
  await gate?.close();
});

function Chat({ session }: { session: AgentChat }) {
  const snapshot = useSyncExternalStore(session.subscribe, session.getSnapshot);
  return (
    <>
      <ConnectionIndicator state={snapshot.connection} online />
      <Transcript turns={snapshot.chat.turns} selectedKey={null} />
      <TracePane turn={snapshot.chat.turns.at(-1)} level={snapshot.level} />
      <Announcer snapshot={snapshot} />
    </>
  );
}

async function start(): Promise<{ session: AgentChat; reports: ReportedTurn[] }> {
  const reports: ReportedTurn[] = [];
  const g = await RuntimeGate.start({ upstreamPort: agent.port });
  const session = new AgentChat({
    getConnectionUrl: async () => ({
      url: g.mintUrl(),
      expiresAt: "",
      sessionId: "s",
      protocolLevel: "basic",
    }),
    reportTurn: async (turn) => {
      reports.push(turn);
    },
    // jsdom's Event class is not Node's, which Node's built-in WebSocket insists on; `ws` does not care.
    WebSocket,
  });
  gate = g;
  chat = session;
  render(<Chat session={session} />);
  act(() => session.start());
  await screen.findByText("Connected", { exact: true }, { timeout: 10_000 });
  return { session, reports };
}

const answers = () => [...document.querySelectorAll(".bubble.assistant")];

describe("chat with a basic agent", () => {
  it("streams, interrupts by sending, stops with Stop, says there are no traces, and reports each turn", async () => {
    const { session, reports } = await start();
    expect(within(screen.getByRole("region", { name: "Trace" })).getByTestId("no-traces")).toBeTruthy();

    act(() => void session.sendPrompt("explain it in detail"));
    await waitFor(() => expect(answers()[0]?.textContent).toContain("I am the offline stand-in"), {
      timeout: 10_000,
    });
    act(() => void session.sendPrompt("tell me in detail once more"));
    await screen.findByText(/Stopped for your next message · partial answer/, undefined, { timeout: 10_000 });
    await waitFor(() => expect(answers()[1]?.textContent).toContain("I am the offline stand-in"), {
      timeout: 10_000,
    });

    act(() => void session.interrupt());
    await screen.findByText(/Stopped by you · partial answer/, undefined, { timeout: 10_000 });
    await waitFor(
      () =>
        expect(screen.getByRole("status").textContent).toBe("Answer stopped. The partial answer is kept."),
      { timeout: 5_000 },
    );
    // A new socket for the next prompt, at once.
    await screen.findByText("Connected", { exact: true }, { timeout: 10_000 });
    act(() => void session.sendPrompt("hello"));
    await waitFor(() => expect(answers()[2]?.getAttribute("data-status")).toBe("complete"), {
      timeout: 10_000,
    });

    await waitFor(() => expect(reports).toHaveLength(3));
    expect(reports.map((r) => [r.prompt, r.status, r.stopReason])).toEqual([
      ["explain it in detail", "interrupted", "new_prompt"],
      ["tell me in detail once more", "interrupted", "user"],
      ["hello", "complete", null],
    ]);
  });
});
