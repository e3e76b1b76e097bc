/**
 * The chat's live pieces together in jsdom, against a real kit agent (@interject/agent-kit/testing's
 * GatedAgent) over a real WebSocket: the answer streams into the transcript, a dropped
 * connection shows "Reconnecting" and comes back without losing or repeating text, Stop keeps the partial
 * answer marked as interrupted, and completion is announced politely.
 */

import { GatedAgent } from "@interject/agent-kit/testing";
import { ChatSession } from "@interject/chat-client";
import { act, cleanup, render, screen, waitFor } from "@testing-library/react";
import { useSyncExternalStore } from "react";
import { afterEach, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { Announcer } from "./announcer.tsx";
import { ConnectionIndicator } from "./connection-indicator.tsx";
import { Transcript } from "./transcript.tsx";

const ANSWER = Array.from({ length: 40 }, (_, i) => `Paragraph ${i} of the answer.\n\n`).join("");

let server: GatedAgent | undefined;
let session: ChatSession | undefined;

afterEach(async () => {
  cleanup();
  session?.stop();
  await server?.close();
});

function Chat({ chat }: { chat: ChatSession }) {
  const snapshot = useSyncExternalStore(chat.subscribe, chat.getSnapshot);
  return (
    <>
      <ConnectionIndicator state={snapshot.connection} online />
      <Transcript turns={snapshot.chat.turns} selectedKey={null} />
      <Announcer snapshot={snapshot} />
    </>
  );
}

async function start(chunkIntervalMs: number): Promise<{ server: GatedAgent; session: ChatSession }> {
  const agent = await GatedAgent.start({ answer: ANSWER, chunkSize: 9, chunkIntervalMs });
  const chat = new ChatSession({
    getConnectionUrl: async () => ({ url: agent.mintUrl(), expiresAt: "", sessionId: agent.sessionId }),
    reconnect: { baseDelayMs: 200, maxDelayMs: 400 },
    // jsdom's Event class is not Node's, which Node's built-in WebSocket insists on; `ws` does not care.
    WebSocket,
  });
  server = agent;
  session = chat;
  render(<Chat chat={chat} />);
  act(() => chat.start());
  await screen.findByText("Connected", { exact: true }, { timeout: 10_000 });
  return { server: agent, session: chat };
}

const answerText = () => document.querySelector(".bubble.assistant")?.textContent ?? "";

describe("live chat", () => {
  it("streams into the transcript and survives a dropped connection without losing or repeating text", async () => {
    const { server: agent, session: chat } = await start(3);
    act(() => void chat.sendPrompt("hello"));
    await waitFor(() => expect(answerText()).toContain("Paragraph 5"), { timeout: 10_000 });
    act(() => agent.dropAll());
    await screen.findByText("Reconnecting", { exact: true }, { timeout: 10_000 });
    await screen.findByText("Connected", { exact: true }, { timeout: 10_000 });
    await screen.findByRole("button", { name: "Copy answer" }, { timeout: 20_000 });
    expect(chat.getSnapshot().chat.turns[0]?.text).toBe(ANSWER);
    // Markdown renders block by block after the state settles: wait for the DOM to catch up.
    await waitFor(
      () => {
        for (let i = 0; i < 40; i++) expect(answerText().split(`Paragraph ${i} of`).length).toBe(2);
      },
      { timeout: 5_000 },
    );
    await waitFor(() => expect(screen.getByRole("status").textContent).toBe("Answer complete."), {
      timeout: 5_000,
    });
    expect(screen.getByRole("log", { name: "Conversation" }).getAttribute("aria-live")).toBe("off");
  });

  it("keeps the partial answer, marked, after Stop", async () => {
    const { session: chat } = await start(20);
    act(() => void chat.sendPrompt("hello"));
    await waitFor(() => expect(answerText()).toContain("Paragraph 1"), { timeout: 10_000 });
    act(() => void chat.interrupt());
    await screen.findByText(/Stopped by you/, undefined, { timeout: 10_000 });
    expect(answerText()).toContain("Paragraph 0 of the answer.");
    expect(answerText()).not.toContain("Paragraph 39");
    const partial = chat.getSnapshot().chat.turns[0]?.text ?? "";
    expect(ANSWER.startsWith(partial)).toBe(true);
  });
});
