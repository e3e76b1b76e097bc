/** The transcript lets go of the bottom when the reader turns the wheel up, wherever the pointer is. */
import { chatReducer, EMPTY_CHAT_STATE, type TurnView } from "@interject/chat-client";
import { cleanup, fireEvent, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { Transcript } from "./transcript.tsx";

afterEach(cleanup);

/** A turn as the chat's own reducer makes it, part way through a streamed answer with code. */
const sent = chatReducer(EMPTY_CHAT_STATE, {
  type: "prompt_sent",
  promptId: "p1",
  text: "Show me code",
  at: 0,
});
const turn: TurnView = {
  ...(sent.turns[0] as TurnView),
  text: "Here:\n\n```ts\nconst x = 1;\n```\n\nAnd more text.",
  status: "streaming",
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
