/** The connection state machine: attempts count up until a session hello, terminal states stay put. */
import { describe, expect, it } from "vitest";
import { INITIAL_CONNECTION_STATE, nextConnectionState as next } from "./connection-state.ts";

describe("nextConnectionState", () => {
  it("walks the happy path and resets the attempt count on the session hello", () => {
    let state = next(INITIAL_CONNECTION_STATE, { type: "start" });
    state = next(state, { type: "fetch_url" });
    state = next(state, { type: "url_ready" });
    expect(state).toMatchObject({ status: "connecting", attempt: 1 });
    state = next(state, { type: "socket_open" });
    state = next(state, { type: "session" });
    expect(state).toEqual({ status: "ready", attempt: 0, retryAt: null, problem: null });
  });

  it("keeps the problem visible while waiting to retry", () => {
    let state = next(INITIAL_CONNECTION_STATE, { type: "start" });
    state = next(state, { type: "fetch_url" });
    state = next(state, {
      type: "problem",
      problem: { kind: "broker_unreachable", message: "down" },
      terminal: false,
    });
    state = next(state, { type: "wait", retryAt: 123 });
    expect(state).toMatchObject({ status: "waiting", retryAt: 123, problem: { kind: "broker_unreachable" } });
  });

  it("stays failed after a terminal problem until started again", () => {
    let state = next(INITIAL_CONNECTION_STATE, { type: "start" });
    state = next(state, {
      type: "problem",
      problem: { kind: "session_expired", message: "x" },
      terminal: true,
    });
    expect(next(state, { type: "fetch_url" }).status).toBe("failed");
    expect(next(state, { type: "start" }).status).toBe("fetching_url");
  });
});
