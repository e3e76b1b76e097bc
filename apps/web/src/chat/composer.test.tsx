/** The composer: Enter sends, Shift+Enter breaks the line, Esc and the Stop button interrupt. */
import { cleanup, render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { Composer } from "./composer.tsx";

afterEach(cleanup);

describe("Composer", () => {
  it("sends on Enter and keeps Shift+Enter as a new line", async () => {
    const onSend = vi.fn();
    render(<Composer streaming={false} disabled={false} onSend={onSend} onStop={() => {}} />);
    const box = screen.getByLabelText("Message");
    await userEvent.type(box, "first line{Shift>}{Enter}{/Shift}second line");
    expect(onSend).not.toHaveBeenCalled();
    await userEvent.type(box, "{Enter}");
    expect(onSend).toHaveBeenCalledWith("first line\nsecond line");
    expect((box as HTMLTextAreaElement).value).toBe("");
  });

  it("offers Stop while streaming, answers Esc, and still lets a new message through", async () => {
    const onSend = vi.fn();
    const onStop = vi.fn();
    render(<Composer streaming disabled={false} onSend={onSend} onStop={onStop} />);
    await userEvent.click(screen.getByRole("button", { name: "Stop" }));
    const box = screen.getByLabelText("Message");
    await userEvent.type(box, "{Escape}");
    expect(onStop).toHaveBeenCalledTimes(2);
    await userEvent.type(box, "actually, something else{Enter}");
    expect(onSend).toHaveBeenCalledWith("actually, something else");
  });
});
