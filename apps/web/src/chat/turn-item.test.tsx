/**
 * One turn as the reader sees it: an approval card in its place in the answer with the agent's verdict
 * (live, rebuilt from stored history, and in the admin view, which hydrates the same way), and an answer
 * stopped because access changed never reading as the reader's own Stop.
 */
import { type ChatState, chatReducer, EMPTY_CHAT_STATE, reduceMessages } from "@interject/chat-client";
import type { InterruptedMessage, StreamMessage } from "@interject/protocol";
import { cleanup, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { TurnItem } from "./turn-item.tsx";

afterEach(cleanup);

const at = 1_800_000_000_000;
const BEFORE = "I will file that ticket for you.\n\n";
const AFTER = "Done: ticket T-1 is filed.";

/** The stream of a turn whose tool call needed approval, as the agent sends it and the broker stores it. */
function approvalTurn(decision: "approved" | "denied" | "expired" | "cancelled"): StreamMessage[] {
  const trace = (seq: number, d: typeof decision | "requested"): StreamMessage => ({
    type: "trace",
    seq,
    turnId: "t1",
    trace: { kind: "approval", at, requestId: "r1", tool: "create_ticket", decision: d },
  });
  return [
    { type: "turn", seq: 1, turnId: "t1", promptId: "p1", prompt: "File a ticket", at },
    { type: "chunk", seq: 2, turnId: "t1", data: BEFORE },
    trace(3, "requested"),
    {
      type: "approval_request",
      seq: 4,
      turnId: "t1",
      requestId: "r1",
      tool: "create_ticket",
      summary: 'File a support ticket titled "slow"',
      input: { title: "slow" },
      deadline: at + 120_000,
    },
    trace(5, decision),
    { type: "chunk", seq: 6, turnId: "t1", data: AFTER },
    { type: "complete", seq: 7, turnId: "t1", fullResponse: BEFORE + AFTER },
  ];
}

function fromHistory(
  events: StreamMessage[],
  status: "complete" | "interrupted",
  response: string,
): ChatState {
  const turns = [
    {
      turnId: "t1",
      prompt: "File a ticket",
      response,
      status,
      startedAt: "2026-12-01T10:00:00.000Z",
      endedAt: "2026-12-01T10:00:09.000Z",
    },
  ];
  return chatReducer(EMPTY_CHAT_STATE, { type: "hydrate", history: { turns, lastSeq: 7, events } });
}

function show(state: ChatState) {
  const turn = state.turns[0];
  if (!turn) throw new Error("no turn");
  return render(<TurnItem turn={turn} selected={false} index={0} last />);
}

/** The answer's text and the approval card, in the order they are on screen. */
function order(container: HTMLElement): string[] {
  const nodes = container.querySelectorAll(".bubble.assistant .markdown, .bubble.assistant .approval");
  return [...nodes]
    .map((node) => (node.classList.contains("approval") ? "card" : (node.textContent ?? "").trim()))
    .filter((text) => text !== "");
}

describe("an approval card", () => {
  it("shows the agent's verdict between the text before and after it, live and from history", () => {
    const live = reduceMessages(EMPTY_CHAT_STATE, approvalTurn("approved"));
    const stored = fromHistory(approvalTurn("approved"), "complete", BEFORE + AFTER);
    for (const state of [live, stored]) {
      const { container, unmount } = show(state);
      expect(screen.getByText("Approved: the tool ran.")).toBeTruthy();
      expect(screen.queryByText(/counts as denied/)).toBeNull();
      expect(order(container)).toEqual(["I will file that ticket for you.", "card", AFTER]);
      unmount();
    }
  });

  it("says denied, expired or cancelled for what the agent decided, after a reload", () => {
    const words = {
      denied: "Denied: the tool did not run.",
      expired: "No answer in time: it counted as denied and the tool did not run.",
      cancelled: "Cancelled: the answer stopped before a decision, and the tool did not run.",
    } as const;
    for (const decision of ["denied", "expired", "cancelled"] as const) {
      const { unmount } = show(fromHistory(approvalTurn(decision), "complete", BEFORE + AFTER));
      expect(screen.getByText(words[decision])).toBeTruthy();
      unmount();
    }
  });
});

describe("why an answer stopped", () => {
  // The reason the agent gives when the broker ended the runtime session (added to packages/protocol in
  // issue 13); the reducer takes it as it comes.
  const REVOKED = "revoked" as string as InterruptedMessage["reason"];
  const stopped = (reason: InterruptedMessage["reason"]): StreamMessage[] => [
    { type: "turn", seq: 1, turnId: "t1", promptId: "p1", prompt: "Tell me", at },
    { type: "chunk", seq: 2, turnId: "t1", data: "Half an" },
    { type: "interrupted", seq: 3, turnId: "t1", partialResponse: "Half an", reason },
  ];

  it("reads as access changed, never as the reader's Stop, live and after a reload", () => {
    for (const state of [
      reduceMessages(EMPTY_CHAT_STATE, stopped(REVOKED)),
      fromHistory(stopped(REVOKED), "interrupted", "Half an"),
    ]) {
      const { unmount } = show(state);
      expect(screen.getByRole("note").textContent).toBe(
        "Stopped because your access to this conversation changed · partial answer",
      );
      expect(screen.queryByText(/Stopped by you/)).toBeNull();
      unmount();
    }
  });

  it("keeps each reason's own words after a reload", () => {
    const { unmount } = show(fromHistory(stopped("new_prompt"), "interrupted", "Half an"));
    expect(screen.getByRole("note").textContent).toContain("Stopped for your next message");
    unmount();
    show(fromHistory(stopped("user"), "interrupted", "Half an"));
    expect(screen.getByRole("note").textContent).toContain("Stopped by you");
  });

  it("marks an answer cut off by a connection that ended for good", () => {
    const running = reduceMessages(EMPTY_CHAT_STATE, stopped(REVOKED).slice(0, 2));
    show(chatReducer(running, { type: "connection_ended", at }));
    expect(screen.getByRole("note").textContent).toBe(
      "Cut off: this conversation was disconnected · partial answer",
    );
  });
});
