/**
 * The failures of the connection-URL provider, as the session distinguishes them: three are terminal (the
 * user must sign in again, the conversation is gone, or its agent may not be used now: disabled or not the
 * user's; the error's message says which), the others are retried with back-off.
 */
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
