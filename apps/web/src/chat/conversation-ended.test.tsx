/**
 * A conversation whose connection ended for good says why, in the conversation, with the way on: against the
 * real protocol server over a real WebSocket, the runtime closes the socket and the broker's next answer
 * (401, 404 or 403 agent_unavailable, given here as the web's URL provider turns them into errors) ends it with no retry.
 */

import { GatedAgent } from "@interject/agent-kit/testing";
import { ChatSession, ConnectionUrlError, type ConnectionUrlFailure } from "@interject/chat-client";
import { act, cleanup, render, screen, waitFor } from "@testing-library/react";
import { useSyncExternalStore } from "react";
import { MemoryRouter } from "react-router";
import { afterEach, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { ConversationEnded } from "./conversation-ended.tsx";
import { Transcript } from "./transcript.tsx";

let server: GatedAgent | undefined;
let session: ChatSession | undefined;

afterEach(async () => {
  cleanup();
  session?.stop();
  await server?.close();
});

function Chat({ chat }: { chat: ChatSession }) {
  const { connection, chat: state } = useSyncExternalStore(chat.subscribe, chat.getSnapshot);
  const ended = connection.status === "failed" ? connection.problem : null;
  return (
    <MemoryRouter initialEntries={["/c/conv-1"]}>
      <Transcript turns={state.turns} selectedKey={null} />
      {ended ? <ConversationEnded problem={ended} /> : <p>composer</p>}
    </MemoryRouter>
  );
}

async function endWith(failure: ConnectionUrlFailure, why = "refused"): Promise<() => number> {
  const agent = await GatedAgent.start({ answer: "word ".repeat(400), chunkSize: 5, chunkIntervalMs: 10 });
  let revoked = false;
  let mints = 0;
  const chat = new ChatSession({
    getConnectionUrl: async () => {
      mints += 1;
      if (revoked) throw new ConnectionUrlError(failure, why);
      return { url: agent.mintUrl(), expiresAt: "", sessionId: agent.sessionId };
    },
    reconnect: { baseDelayMs: 20, maxDelayMs: 40 },
    WebSocket,
  });
  server = agent;
  session = chat;
  render(<Chat chat={chat} />);
  act(() => chat.start());
  await waitFor(() => expect(chat.getSnapshot().connection.status).toBe("ready"), { timeout: 10_000 });
  act(() => void chat.sendPrompt("a long answer please"));
  await waitFor(() => expect(chat.getSnapshot().chat.turns[0]?.text.length).toBeGreaterThan(10));
  revoked = true;
  act(() => agent.closeAll(1008, "runtime session stopped"));
  return () => mints;
}

describe("a conversation that ended for good", () => {
  it("signed out: says so, offers to sign in and come back, cuts the answer off, and does not retry", async () => {
    const mints = await endWith("unauthorized");
    const alert = await screen.findByRole("alert", undefined, { timeout: 10_000 });
    expect(alert.textContent).toContain(
      "You were signed out, so this conversation was disconnected. Sign in again to continue.",
    );
    expect(screen.getByRole("link", { name: "Sign in again" }).getAttribute("href")).toBe(
      "/sign-in?signed_out=1&next=%2Fc%2Fconv-1",
    );
    expect(screen.queryByText("composer")).toBeNull();
    expect(screen.getByRole("note").textContent).toContain("Cut off: this conversation was disconnected");
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(mints()).toBe(2);
  });

  it("deleted: says so and offers a new conversation", async () => {
    const mints = await endWith("not_found");
    const alert = await screen.findByRole("alert", undefined, { timeout: 10_000 });
    expect(alert.textContent).toContain("This conversation was deleted.");
    expect(screen.getByRole("link", { name: "Start a new conversation" }).getAttribute("href")).toBe("/");
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(mints()).toBe(2);
  });

  it("agent unavailable: says which agent and why, in the broker's words, and offers a new conversation", async () => {
    const mints = await endWith("agent_unavailable", "Support bot has been disabled by an administrator.");
    const alert = await screen.findByRole("alert", undefined, { timeout: 10_000 });
    expect(alert.textContent).toContain("Support bot has been disabled by an administrator.");
    expect(screen.getByRole("link", { name: "Start a new conversation" }).getAttribute("href")).toBe("/");
    expect(screen.queryByText("composer")).toBeNull();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(mints()).toBe(2);
  });
});
