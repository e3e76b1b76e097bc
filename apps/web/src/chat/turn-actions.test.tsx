/**
 * What the reader can do with a turn: edit their message (sent again as a new version), switch between the
 * versions of a message, and retry the last answer once it has ended (also after a Stop or an error).
 */
import { EMPTY_CHAT_STATE, reduceMessages, type TurnView } from "@interject/chat-client";
import { cleanup, render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { TurnItem } from "./turn-item.tsx";

afterEach(cleanup);

const at = 1_800_000_000_000;

function turn(end: "complete" | "interrupted" | "error" | "streaming"): TurnView {
  const state = reduceMessages(EMPTY_CHAT_STATE, [
    { type: "turn", seq: 1, turnId: "t1", promptId: "p1", prompt: "What is 2 + 2?", at },
    { type: "chunk", seq: 2, turnId: "t1", data: "Four" },
    ...(end === "complete"
      ? [{ type: "complete" as const, seq: 3, turnId: "t1", fullResponse: "Four" }]
      : end === "interrupted"
        ? [
            {
              type: "interrupted" as const,
              seq: 3,
              turnId: "t1",
              partialResponse: "Four",
              reason: "user" as const,
            },
          ]
        : end === "error"
          ? [
              {
                type: "error" as const,
                seq: 3,
                turnId: "t1",
                error: "x",
                code: "model_error" as const,
                retryable: true,
              },
            ]
          : []),
  ]);
  const first = state.turns[0];
  if (!first) throw new Error("no turn");
  return first;
}

describe("turn actions", () => {
  it("edits a message and sends it again for the turn's place", async () => {
    const onEdit = vi.fn();
    render(<TurnItem turn={turn("complete")} selected={false} index={3} last actions={{ onEdit }} />);
    await userEvent.click(screen.getByRole("button", { name: "Edit this message" }));
    const box = screen.getByLabelText("Edit your message");
    expect(box).toHaveProperty("value", "What is 2 + 2?");
    await userEvent.clear(box);
    await userEvent.type(box, "What is 3 + 3?{Enter}");
    expect(onEdit).toHaveBeenCalledWith(3, "What is 3 + 3?");
    expect(screen.queryByLabelText("Edit your message")).toBeNull();
  });

  it("Esc leaves the edit without sending", async () => {
    const onEdit = vi.fn();
    render(<TurnItem turn={turn("complete")} selected={false} index={0} last actions={{ onEdit }} />);
    await userEvent.click(screen.getByRole("button", { name: "Edit this message" }));
    await userEvent.type(screen.getByLabelText("Edit your message"), " more{Escape}");
    expect(onEdit).not.toHaveBeenCalled();
    expect(screen.getByText("What is 2 + 2?")).toBeTruthy();
  });

  it("switches between versions: ‹ 2 / 3 › opens the branch of each", async () => {
    const onVersion = vi.fn();
    render(
      <TurnItem
        turn={turn("complete")}
        selected={false}
        index={0}
        last={false}
        versions={{ index: 1, branchIds: ["a", "b", "c"] }}
        actions={{ onVersion }}
      />,
    );
    expect(screen.getByRole("group", { name: "Versions of this message" }).textContent).toContain("2 / 3");
    await userEvent.click(screen.getByRole("button", { name: "Previous version" }));
    await userEvent.click(screen.getByRole("button", { name: "Next version" }));
    expect(onVersion.mock.calls).toEqual([["a"], ["c"]]);
  });

  it("offers Retry on the last answer once it ended, stopped or failed, never while it streams", async () => {
    for (const end of ["complete", "interrupted", "error"] as const) {
      const onRetry = vi.fn();
      render(<TurnItem turn={turn(end)} selected={false} index={2} last actions={{ onRetry }} />);
      await userEvent.click(screen.getByRole("button", { name: "Retry" }));
      expect(onRetry).toHaveBeenCalledWith(2);
      cleanup();
    }
    render(
      <TurnItem turn={turn("streaming")} selected={false} index={2} last actions={{ onRetry: vi.fn() }} />,
    );
    expect(screen.queryByRole("button", { name: "Retry" })).toBeNull();
    cleanup();
    render(
      <TurnItem
        turn={turn("complete")}
        selected={false}
        index={1}
        last={false}
        actions={{ onRetry: vi.fn() }}
      />,
    );
    expect(screen.queryByRole("button", { name: "Retry" })).toBeNull();
  });
});
