/** The transcript lets go of the bottom when the reader turns the wheel up, wherever the pointer is. */
import type { TurnView } from "@interject/chat-client";
import { cleanup, fireEvent, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { Transcript } from "./transcript.tsx";

afterEach(cleanup);

const turn: TurnView = {
  turnId: "t1",
  promptId: "p1",
  prompt: "Show me code",
  text: "Here:\n\n```ts\nconst x = 1;\n```\n\nAnd more text.",
  status: "streaming",
  interruptReason: null,
  stopRequested: false,
  error: null,
  traces: [],
  approvals: [],
  startedAt: 0,
  endedAt: null,
};

/** jsdom has no layout: give the scroller the sizes a browser would. */
function overflowing(element: HTMLElement, scrollHeight: number, clientHeight: number): void {
  Object.defineProperty(element, "scrollHeight", { configurable: true, value: scrollHeight });
  Object.defineProperty(element, "clientHeight", { configurable: true, value: clientHeight });
}

describe("Transcript", () => {
  it("stops following on an upward wheel over a code block, and offers Jump to latest", () => {
    render(<Transcript turns={[turn]} selectedKey={null} />);
    const log = screen.getByRole("log");
    overflowing(log, 2000, 500);
    expect(log.getAttribute("data-following")).toBe("true");
    const code = log.querySelector("pre") ?? log;
    fireEvent.wheel(code, { deltaY: -120 });
    expect(log.getAttribute("data-following")).toBe("false");
    expect(screen.getByRole("button", { name: "Jump to latest" })).toBeTruthy();
  });

  it("keeps following on a downward wheel, or when there is nothing to scroll", () => {
    render(<Transcript turns={[turn]} selectedKey={null} />);
    const log = screen.getByRole("log");
    fireEvent.wheel(log, { deltaY: -120 });
    expect(log.getAttribute("data-following")).toBe("true");
    overflowing(log, 2000, 500);
    fireEvent.wheel(log, { deltaY: 120 });
    expect(log.getAttribute("data-following")).toBe("true");
    expect(screen.queryByRole("button", { name: "Jump to latest" })).toBeNull();
  });
});

describe("Transcript, other ways to scroll up", () => {
  it("stops following on PageUp, ArrowUp or Home from the keyboard", () => {
    for (const key of ["PageUp", "ArrowUp", "Home"]) {
      render(<Transcript turns={[turn]} selectedKey={null} />);
      const log = screen.getByRole("log");
      overflowing(log, 2000, 500);
      fireEvent.keyDown(log, { key });
      expect(log.getAttribute("data-following"), key).toBe("false");
      cleanup();
    }
  });

  it("keeps following on PageDown", () => {
    render(<Transcript turns={[turn]} selectedKey={null} />);
    const log = screen.getByRole("log");
    overflowing(log, 2000, 500);
    fireEvent.keyDown(log, { key: "PageDown" });
    expect(log.getAttribute("data-following")).toBe("true");
  });

  it("stops following when a finger drags the content down, not up", () => {
    render(<Transcript turns={[turn]} selectedKey={null} />);
    const log = screen.getByRole("log");
    overflowing(log, 2000, 500);
    fireEvent.touchStart(log, { touches: [{ clientY: 300 }] });
    fireEvent.touchMove(log, { touches: [{ clientY: 200 }] });
    expect(log.getAttribute("data-following")).toBe("true");
    fireEvent.touchStart(log, { touches: [{ clientY: 200 }] });
    fireEvent.touchMove(log, { touches: [{ clientY: 260 }] });
    expect(log.getAttribute("data-following")).toBe("false");
  });
});
