/**
 * The failures of the connection-URL provider, as the session distinguishes them: three are terminal (the
 * user must sign in again, the conversation is gone, or its agent may not be used now: disabled or not the
 * user's; the error's message says which), the others are retried with back-off. And the one failure of a
 * turn report the reporter must not retry.
 */
import type { ConnectionProblem } from "./connection-state.ts";

export type ConnectionUrlFailure =
  | "unauthorized"
  | "not_found"
  | "agent_unavailable"
  | "rate_limited"
  | "unreachable";

export class ConnectionUrlError extends Error {
  override readonly name = "ConnectionUrlError";
  constructor(
    readonly kind: ConnectionUrlFailure,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }

  get terminal(): boolean {
    return this.kind === "unauthorized" || this.kind === "not_found" || this.kind === "agent_unavailable";
  }
}

/** Any failure of the URL provider, as a `ConnectionUrlError` (an unexpected one counts as unreachable). */
export function asConnectionUrlError(cause: unknown): ConnectionUrlError {
  return cause instanceof ConnectionUrlError
    ? cause
    : new ConnectionUrlError("unreachable", "The server could not be reached.", { cause });
}

/** What the connection state shows for a URL provider's failure. */
export function problemOfUrlError(error: ConnectionUrlError): ConnectionProblem {
  switch (error.kind) {
    case "unauthorized":
      return {
        kind: "session_expired",
        message: "You were signed out, so this conversation was disconnected. Sign in again to continue.",
      };
    case "not_found":
      return { kind: "not_found", message: "This conversation was deleted." };
    case "agent_unavailable":
      // The broker's words: which agent, and why (disabled, for administrators only).
      return { kind: "agent_unavailable", message: error.message };
    case "rate_limited":
      return { kind: "rate_limited", message: "Too many connection attempts. Waiting before the next one." };
    case "unreachable":
      return {
        kind: "broker_unreachable",
        message: `The server could not be reached (${error.message}). Retrying.`,
      };
  }
}

/**
 * Thrown by a turn-report callback when the broker refused the report for good (it is malformed, the
 * conversation is gone, or its agent reports its own turns): the reporter does not send it again.
 */
export class TurnReportRefused extends Error {
  override readonly name = "TurnReportRefused";
}
