/**
 * The connection's state, always visible in the chat header: a dot and a word, plus the problem and what
 * to do about it when there is one (offline, server unreachable, runtime refused).
 */
import type { ConnectionState } from "@interject/chat-client";

const LABELS: Record<ConnectionState["status"], string> = {
  idle: "Not connected",
  fetching_url: "Connecting",
  connecting: "Connecting",
  open: "Connecting",
  ready: "Connected",
  waiting: "Reconnecting",
  failed: "Disconnected",
  closed: "Disconnected",
};

export function ConnectionIndicator({ state, online }: { state: ConnectionState; online: boolean }) {
  const tone = !online || state.status === "failed" ? "bad" : state.status === "ready" ? "good" : "busy";
  const retrying = state.problem !== null && state.status !== "ready" && state.status !== "failed";
  const label = !online ? "Offline" : retrying ? "Reconnecting" : LABELS[state.status];
  return (
    <span className="connection" data-tone={tone}>
      <span className="connection-dot" aria-hidden="true" />
      <span>{label}</span>
      {state.status === "waiting" && state.retryAt !== null && online ? (
        <span className="muted"> (attempt {state.attempt + 1})</span>
      ) : null}
    </span>
  );
}

/**
 * A passing problem, in words, while the connection retries. A terminal one (signed out, conversation gone)
 * is said in the conversation itself, with what to do (conversation-ended.tsx).
 */
export function ConnectionProblemBanner({ state, online }: { state: ConnectionState; online: boolean }) {
  if (!online) {
    return (
      <div className="banner" data-tone="bad" role="status">
        You are offline. Your messages wait here and are sent when the network is back.
      </div>
    );
  }
  const problem = state.problem;
  if (!problem || state.status === "ready" || state.status === "failed") return null;
  return (
    <div className="banner" data-tone="warn" role="status">
      {problem.message}
    </div>
  );
}
