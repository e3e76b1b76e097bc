/**
 * The failures of the connection-URL provider, as the session distinguishes them: two are terminal (the
 * user must sign in again, or the conversation is gone), the others are retried with back-off.
 */
export type ConnectionUrlFailure = "unauthorized" | "not_found" | "rate_limited" | "unreachable";

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
    return this.kind === "unauthorized" || this.kind === "not_found";
  }
}
