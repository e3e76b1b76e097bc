/** The admin's mark on turns the browser reported, and the stop reasons such turns keep after a reload. */
import { chatReducer, EMPTY_CHAT_STATE } from "@interject/chat-client";
import { cleanup, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { Transcript } from "./transcript.tsx";

afterEach(cleanup);

const stored = chatReducer(EMPTY_CHAT_STATE, {
  type: "hydrate",
  history: {
    lastSeq: 0,
    turns: [
      {
        turnId: "t1",
        prompt: "tell me more",
        response: "Bidirectional stre",
        status: "interrupted",
        startedAt: "2026-12-01T10:00:00.000Z",
        endedAt: "2026-12-01T10:00:01.000Z",
        reportedBy: "client",
        stopReason: "cut_off",
      },
      {
        turnId: "t2",
        prompt: "hello",
        response: "Hello.",
        status: "complete",
        startedAt: "2026-12-01T10:00:02.000Z",
        endedAt: "2026-12-01T10:00:03.000Z",
        reportedBy: "agent",
        stopReason: null,
      },
    ],
  },
});

describe("turns reported by the browser", () => {
  it("are marked for administrators, and only those", () => {
    render(<Transcript turns={stored.turns} selectedKey={null} showReporter />);
    expect(screen.getAllByText("Reported by the browser")).toHaveLength(1);
    expect(screen.getByText("Reported by the browser").closest("article")?.textContent).toContain(
      "tell me more",
    );
  });

  it("carry no mark for their owner, and show why they stopped after a reload", () => {
    render(<Transcript turns={stored.turns} selectedKey={null} />);
    expect(screen.queryByText("Reported by the browser")).toBeNull();
    expect(screen.getByText(/Cut off: the connection dropped before the answer finished/)).toBeTruthy();
  });
});
