/** The connection state and its problems, in words that say what is happening and what to do. */
import { type ConnectionState, INITIAL_CONNECTION_STATE } from "@interject/chat-client";
import { cleanup, render, screen } from "@testing-library/react";
import { MemoryRouter } from "react-router";
import { afterEach, describe, expect, it } from "vitest";
import { ConnectionIndicator, ConnectionProblemBanner } from "./connection-indicator.tsx";

afterEach(cleanup);

function show(state: ConnectionState, online = true) {
  render(
    <MemoryRouter>
      <ConnectionIndicator state={state} online={online} />
      <ConnectionProblemBanner state={state} online={online} />
    </MemoryRouter>,
  );
}

const ready: ConnectionState = { status: "ready", attempt: 0, retryAt: null, problem: null };

describe("connection state", () => {
  it("says Connected with no banner when all is well", () => {
    show(ready);
    expect(screen.getByText("Connected")).toBeTruthy();
    expect(screen.queryByRole("status")).toBeNull();
  });

  it("says Offline, and that messages wait, when the browser is offline", () => {
    show(ready, false);
    expect(screen.getByText("Offline")).toBeTruthy();
    expect(screen.getByRole("status").textContent).toMatch(/offline.*sent when the network is back/i);
  });

  it("shows a refused runtime URL as a retry in progress", () => {
    show({
      status: "waiting",
      attempt: 2,
      retryAt: Date.now() + 1000,
      problem: {
        kind: "runtime_refused",
        message: "The agent runtime refused the connection (code 1006). Retrying with a new link.",
      },
    });
    expect(screen.getByText("Reconnecting")).toBeTruthy();
    expect(screen.getByRole("status").textContent).toContain("Retrying with a new link");
  });

  it("leaves a terminal problem to the conversation itself: Disconnected, and no retry banner", () => {
    show({
      ...INITIAL_CONNECTION_STATE,
      status: "failed",
      problem: { kind: "session_expired", message: "You were signed out." },
    });
    expect(screen.getByText("Disconnected")).toBeTruthy();
    expect(screen.queryByRole("status")).toBeNull();
  });
});
