/**
 * The connection's visible state machine. The UI shows `status` (and `problem` when there is one); every
 * change goes through `nextConnectionState`, so the transitions are in one place and testable.
 *
 *   idle -> fetching_url -> connecting -> open -> ready
 *   any  -> waiting (back-off before the next attempt) -> fetching_url ...
 *   any  -> failed (terminal: signed out, conversation gone, agent unavailable)   any -> closed (stopped by the app)
 */
export type ConnectionStatus =
  | "idle"
  | "fetching_url"
  | "connecting"
  | "open"
  | "ready"
  | "waiting"
  | "failed"
  | "closed";

export type ProblemKind =
  /** The broker did not answer (network, broker down). */
  | "broker_unreachable"
  /** The broker refused to mint a URL because of a rate limit. */
  | "rate_limited"
  /** The broker says the sign-in expired (401): terminal until the user signs in again. */
  | "session_expired"
  /** The conversation is not the caller's or is gone (404): terminal. */
  | "not_found"
  /** The conversation's agent may not be used now (disabled, or not for this user): terminal; says why. */
  | "agent_unavailable"
  /** The runtime closed or refused the socket before it opened (bad/expired URL, runtime down). */
  | "runtime_refused"
  /** An open connection dropped (network, server restart, idle or lifetime limits). */
  | "connection_lost"
  /** No answer to a heartbeat in time. */
  | "heartbeat_timeout"
  /** The agent's first frames fit neither protocol level (`detect`): terminal, no client can talk to it. */
  | "unknown_protocol";

export interface ConnectionProblem {
  kind: ProblemKind;
  message: string;
}

export interface ConnectionState {
  status: ConnectionStatus;
  /** Connection attempts since the last successful session hello. */
  attempt: number;
  /** When `waiting`, the epoch ms of the next attempt. */
  retryAt: number | null;
  problem: ConnectionProblem | null;
}

export type ConnectionEvent =
  | { type: "start" }
  | { type: "wait"; retryAt: number }
  | { type: "fetch_url" }
  | { type: "url_ready" }
  | { type: "problem"; problem: ConnectionProblem; terminal: boolean }
  | { type: "socket_open" }
  | { type: "socket_closed" }
  | { type: "session" }
  | { type: "stop" };

export const INITIAL_CONNECTION_STATE: ConnectionState = {
  status: "idle",
  attempt: 0,
  retryAt: null,
  problem: null,
};

export function nextConnectionState(state: ConnectionState, event: ConnectionEvent): ConnectionState {
  if ((state.status === "closed" || state.status === "failed") && event.type !== "start") return state;
  switch (event.type) {
    case "start":
      return { ...INITIAL_CONNECTION_STATE, status: "fetching_url" };
    case "wait":
      return { ...state, status: "waiting", retryAt: event.retryAt };
    case "fetch_url":
      return { ...state, status: "fetching_url", attempt: state.attempt + 1, retryAt: null };
    case "url_ready":
      return { ...state, status: "connecting" };
    case "problem":
      return { ...state, status: event.terminal ? "failed" : state.status, problem: event.problem };
    case "socket_open":
      return { ...state, status: "open" };
    case "socket_closed":
      return { ...state, status: "waiting", retryAt: null };
    case "session":
      return { status: "ready", attempt: 0, retryAt: null, problem: null };
    case "stop":
      return { ...state, status: "closed", retryAt: null };
  }
}
